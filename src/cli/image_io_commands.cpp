// commit, save, load, export (history and image prune: image_history_commands.cpp): flags in,
// one library call, its output out. Files given with -o are written under a temporary name and
// renamed when complete, as Docker's CLI does.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>

#include "cli/context.h"
#include "common/error.h"
#include "common/fd.h"
#include "common/id.h"
#include "container/service.h"
#include "image/image_service.h"

namespace strata::cli {

void add_image_history_commands(CLI::App& app, Context& ctx);

namespace {

// Runs write(fd) on `path` (via a temporary file renamed at the end) or on stdout, which must not
// be a terminal.
void write_output(const std::string& path, const char* what, const std::function<void(int)>& write) {
  if (path.empty()) {
    if (::isatty(1))
      throw Error(Errc::invalid_argument, "Cowardly refusing to save to a terminal. Use the -o flag or redirect");
    write(1);
    return;
  }
  auto target = std::filesystem::absolute(path);
  std::error_code ec;
  if (!std::filesystem::is_directory(target.parent_path(), ec))
    throw Error(Errc::invalid_argument, std::string("failed to ") + what + ": invalid output path: stat " +
                                            target.parent_path().string() + ": no such file or directory");
  auto tmp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + random_hex(4));
  // O_DIRECT: an archive of GiBs goes around the page cache (common/out_file.h); a filesystem
  // that refuses it gets buffered writes.
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid()) throw_errno(std::string("failed to ") + what + ": open " + path);
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_DIRECT);
  try {
    write(fd.get());
    std::filesystem::rename(tmp, target);
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

void add_commit(CLI::App& app, Context& ctx) {
  static container::CommitOptions o;
  static std::vector<std::string> args;
  auto* c = app.add_subcommand("commit", "Create a new image from a container's changes");
  c->add_option("-a,--author", o.author, "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")");
  c->add_option("-c,--change", o.changes, "Apply Dockerfile instruction to the created image")->allow_extra_args(false);
  c->add_option("-m,--message", o.message, "Commit message");
  c->add_flag("-p,--pause", o.pause, "Pause container during commit (default true)");
  c->add_option("args", args, "CONTAINER [REPOSITORY[:TAG]]")->expected(0, 2);
  c->callback([&ctx] {
    if (args.empty() || args.size() > 2)
      throw Error(Errc::invalid_argument, "\"commit\" requires at least 1 and at most 2 arguments.");
    if (args.size() == 2) o.reference = args[1];
    std::printf("%s\n", ctx.engine().containers().commit(args[0], o).c_str());
  });
}

void add_save_load_export(CLI::App& app, Context& ctx) {
  static std::string out, in, export_out;
  static std::vector<std::string> images, containers;
  static bool quiet = false;
  auto* s = app.add_subcommand("save", "Save one or more images to a tar archive (streamed to STDOUT by default)");
  s->add_option("-o,--output", out, "Write to a file, instead of STDOUT");
  s->add_option("images", images, "IMAGE...");
  s->callback([&ctx] {
    if (images.empty()) throw Error(Errc::invalid_argument, "\"save\" requires at least 1 argument.");
    auto& svc = ctx.engine().images();
    write_output(out, "save image", [&](int fd) { svc.save(images, fd); });
  });
  auto* l = app.add_subcommand("load", "Load an image from a tar archive or STDIN");
  l->add_option("-i,--input", in, "Read from tar archive file, instead of STDIN");
  l->add_flag("-q,--quiet", quiet, "Suppress the load output");
  l->callback([&ctx] {
    if (in.empty() && ::isatty(0))
      throw Error(Errc::invalid_argument, "requested load from stdin, but stdin is empty");
    UniqueFd fd(in.empty() ? ::dup(0) : ::open(in.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) throw Error(Errc::not_found, "open " + in + ": no such file or directory");
    for (auto& line : ctx.engine().images().load(fd.get())) std::printf("%s\n", line.c_str());
  });
  auto* e = app.add_subcommand("export", "Export a container's filesystem as a tar archive");
  e->add_option("-o,--output", export_out, "Write to a file, instead of STDOUT");
  e->add_option("container", containers, "CONTAINER");
  e->callback([&ctx] {
    if (containers.size() != 1) throw Error(Errc::invalid_argument, "\"export\" requires exactly 1 argument.");
    auto& svc = ctx.engine().containers();
    write_output(export_out, "export container", [&](int fd) { svc.export_rootfs(containers[0], fd); });
  });
}

}  // namespace

// Registered here; see docs/ARCHITECTURE.md.
void add_image_io_commands(CLI::App& app, Context& ctx) {
  add_commit(app, ctx);
  add_save_load_export(app, ctx);
  add_image_history_commands(app, ctx);
}

}  // namespace strata::cli
