// COPY and ADD: files from the context (and, for ADD, local tars unpacked) into a build
// container's rootfs, resolved inside it; the container's writable layer becomes the step's layer.
#include <fcntl.h>

#include "archive/tar_stream.h"
#include "build/build_run.h"
#include "build/shell_lex.h"
#include "container/copy_extract.h"
#include "container/copy_fs.h"
#include "container/copy_mount.h"
#include "container/copy_ops.h"
#include "container/copy_paths.h"
#include "container/service.h"
#include "runtime/spec.h"

namespace strata::build {

namespace cp = container::cp;

namespace {
struct CopyPlan {
  std::vector<Source> sources;
  std::string dest;  // absolute, a trailing "/" kept
  bool add = false;
  std::string chown;
};

// Copies one source into the root as Docker's builder does: a directory's contents into dest, a
// file to dest (or into it when dest is a directory), a local tar (ADD) unpacked into dest.
void copy_one(const BuildContext& ctx, const CopyPlan& p, const Source& s, int root, const cp::Owner& owner) {
  cp::ExtractOptions eo{.chown = false, .owner = owner, .no_overwrite_dir_non_dir = false};
  if (p.add && !s.is_dir) {
    UniqueFd f = ctx.open(s);
    if (cp::is_archive(f.get())) {
      cp::mkdir_all_in(root, p.dest, 0755, std::nullopt);
      cp::ExtractOptions tar_eo{.chown = true, .owner = {}, .no_overwrite_dir_non_dir = false};
      return cp::extract_tree(f.get(), root, p.dest, tar_eo);
    }
  }
  std::string dir = p.dest, name = ".";
  if (!s.is_dir) {
    UniqueFd existing = cp::open_dir_in(root, p.dest);
    if (p.dest.back() == '/' || existing.valid()) name = s.name;
    else dir = cp::dir(p.dest), name = cp::base(p.dest);
  }
  cp::mkdir_all_in(root, dir, 0755, owner);
  cp::pipe_copy(
      [&](int fd) {
        archive::TarStream out(fd);
        ctx.write(out, s, name);
        out.close();
      },
      [&](int fd) { cp::extract_tree(fd, root, dir, eo); });
}
}  // namespace

void BuildRun::copy_step(const Instruction& in) {
  auto env = [&](const std::string& n) { return lookup(n); };
  if (!flag(in, "from").empty()) throw Error(Errc::invalid_argument, "COPY --from is not supported by strata build");
  std::vector<std::string> words;
  if (in.json)
    for (auto& a : in.json_args) words.push_back(process_word(a, env, df_.escape));
  else
    words = process_words(in.args, env, df_.escape);
  if (words.size() < 2)
    throw Error(Errc::invalid_argument, in.cmd + " requires at least two arguments, but only one was provided. "
                                                 "Destination could not be determined");
  CopyPlan p;
  p.add = in.cmd == "ADD";
  p.chown = process_word(flag(in, "chown"), env, df_.escape);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (p.add && (words[i].starts_with("http://") || words[i].starts_with("https://")))
      throw Error(Errc::invalid_argument, "ADD from a URL is not supported by strata build");
    for (auto& s : ctx_.sources(words[i])) p.sources.push_back(s);
  }
  std::string dest = words.back();
  if (p.sources.size() > 1 && dest.back() != '/')
    throw Error(Errc::invalid_argument, "When using " + in.cmd +
                                            " with more than one source file, the destination must be a directory and end with a /");
  if (dest[0] != '/') dest = cp::preserve_trailing(cp::join("/" + cfg().value("WorkingDir", ""), dest), dest);
  if (dest.ends_with("/.")) dest.pop_back();
  p.dest = dest;

  bool one = p.sources.size() == 1;
  std::string kind = !one ? "multi" : p.sources[0].is_dir ? "dir" : "file";
  std::string hex = ctx_.hash(p.sources).substr(7);
  std::string created_by = "/bin/sh -c #(nop) " + in.cmd + " " + (p.chown.empty() ? "" : "--chown=" + p.chown) + kind +
                           ":" + hex + " in " + words.back() + " ";
  if (cached(created_by)) return;

  auto c = make_container({"/bin/sh", "-c", "#(nop) " + in.cmd + " " + kind + ":" + hex}, {});
  std::string id;
  try {
    d_.containers.with_rootfs(
        c.id,
        [&](const container::Container&, container::RootView& r) {
          cp::Owner owner = std::make_pair(0u, 0u);
          if (!p.chown.empty()) {
            runtime::ProcessSpec spec;
            try {
              runtime::resolve_user(r.path, p.chown, spec);
            } catch (const Error& e) {
              throw Error(Errc::invalid_argument, "unable to convert uid/gid chown string to host mapping: " +
                                                      std::string(e.what()));
            }
            owner = std::make_pair(spec.uid, spec.gid);
          }
          for (auto& s : p.sources) copy_one(ctx_, p, s, r.fd.get(), owner);
        },
        false);
    id = commit(created_by, upper_of(c));
  } catch (...) {
    remove_container(c.id);
    throw;
  }
  remove_container(c.id);
  say_image(id);
}

}  // namespace strata::build
