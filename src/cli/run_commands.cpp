// run, create, start: the container options Docker users type.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/context.h"
#include "cli/kv_files.h"
#include "common/error.h"
#include "common/id.h"
#include "container/service.h"
#include "image/image_service.h"
#include "runtime/attach.h"

namespace strata::cli {

namespace {
struct RunFlags {
  container::CreateOptions o;
  std::vector<std::string> env, env_files, labels, label_files;
  std::string name, entrypoint, workdir, user, hostname;
  bool detach = false, interactive = false;
};

void add_create_flags(CLI::App* cmd, RunFlags& f) {
  cmd->add_flag("-t,--tty", f.o.tty, "Allocate a pseudo-TTY");
  cmd->add_flag("-i,--interactive", f.interactive, "Keep STDIN open even if not attached");
  cmd->add_option("--name", f.name, "Assign a name to the container");
  cmd->add_option("-e,--env", f.env, "Set environment variables")->allow_extra_args(false);
  cmd->add_option("--env-file", f.env_files, "Read in a file of environment variables")->allow_extra_args(false);
  cmd->add_option("-l,--label", f.labels, "Set meta data on a container")->allow_extra_args(false);
  cmd->add_option("--label-file", f.label_files, "Read in a line delimited file of labels")->allow_extra_args(false);
  cmd->add_option("--entrypoint", f.entrypoint, "Overwrite the default ENTRYPOINT of the image");
  cmd->add_option("-w,--workdir", f.workdir, "Working directory inside the container");
  cmd->add_option("-u,--user", f.user, "Username or UID (format: <name|uid>[:<group|gid>])");
  cmd->add_option("-h,--hostname", f.hostname, "Container host name");
  cmd->add_option("--network,--net", f.o.network, "Connect a container to a network (host, none)");
  cmd->add_flag("--rm", f.o.auto_remove, "Automatically remove the container when it exits");
  cmd->add_option("--restart", f.o.restart, "Restart policy to apply when a container exits (default \"no\")");
  cmd->add_flag("--read-only", f.o.read_only, "Mount the container's root filesystem as read only");
  cmd->add_option("-v,--volume", f.o.volumes, "Bind mount a volume")->allow_extra_args(false);
  cmd->add_option("--mount", f.o.mounts, "Attach a filesystem mount to the container")->allow_extra_args(false);
  cmd->add_option("--volume-driver", f.o.volume_driver, "Optional volume driver for the container");
  cmd->add_option("--tmpfs", f.o.tmpfs, "Mount a tmpfs directory")->allow_extra_args(false);
  cmd->add_option("--volumes-from", f.o.volumes_from, "Mount volumes from the specified container(s)")
      ->allow_extra_args(false);
  cmd->prefix_command();
}

// Turns parsed flags into library options; "-e NAME" takes NAME from our env.
container::CreateOptions finish(CLI::App* cmd, RunFlags& f) {
  auto rest = cmd->remaining();
  if (rest.empty()) throw Error(Errc::invalid_argument, "\"" + cmd->get_name() + "\" requires at least 1 argument.");
  auto o = f.o;
  o.image = rest[0];
  if (rest.size() > 1) o.cmd = std::vector<std::string>(rest.begin() + 1, rest.end());
  for (auto& file : f.env_files)  // files first, then -e: a later value wins
    for (auto& e : read_kv_file(file, true)) o.env.push_back(e);
  for (auto& e : expand_env(f.env)) o.env.push_back(e);
  std::vector<std::string> labels;
  for (auto& file : f.label_files)
    for (auto& l : read_kv_file(file, false)) labels.push_back(l);
  labels.insert(labels.end(), f.labels.begin(), f.labels.end());
  for (auto& l : labels) {
    size_t eq = l.find('=');
    o.labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
  }
  if (cmd->count("--name")) o.name = f.name;
  if (cmd->count("--entrypoint")) o.entrypoint = f.entrypoint;
  if (cmd->count("--workdir")) o.workdir = f.workdir;
  if (cmd->count("--user")) o.user = f.user;
  if (cmd->count("--hostname")) o.hostname = f.hostname;
  o.stdin_open = f.interactive;
  o.attach = !f.detach;
  return o;
}

container::Container create_reporting_missing_image(Context& ctx, const container::CreateOptions& o) {
  if (!ctx.engine().images().store().find(o.image)) {
    std::string shown = o.image;
    try {
      shown = image::parse_reference(o.image).str();
    } catch (const Error&) {
    }
    std::fprintf(stderr, "Unable to find image '%s' locally\n", shown.c_str());
    throw Error(Errc::not_found, "No such image: " + shown + " (strata has no registry: import or load it first)");
  }
  return ctx.engine().containers().create(o);
}

// Attaches to a prepared container, lets it run, and returns its exit code.
int run_attached(Context& ctx, const std::string& id, const std::filesystem::path& sdir, bool in, bool tty) {
  auto& svc = ctx.engine().containers();
  auto session = svc.attach(sdir);
  svc.start_process(sdir);
  runtime::AttachSession::Io io;
  io.detach_keys = tty && in;  // ctrl-p ctrl-q, as `docker run -it`: the container goes on running
  int code = session->run(in, tty, io);
  // Detached: the exit is recorded by the first command that looks at the container after it.
  if (code == runtime::AttachSession::kDetached) return 0;
  // The monitor has written the exit and released the mount and runc's state before telling us:
  // record it now (remove an --rm container, as Docker's CLI waits for) without waiting for the
  // monitor to end. (A foreground start has no exit command; a restart policy still applies.)
  svc.on_exit(id);
  return code;
}
}  // namespace

void add_run_commands(CLI::App& app, Context& ctx) {
  static RunFlags run, create;
  auto* r = app.add_subcommand("run", "Create and run a new container from an image");
  add_create_flags(r, run);
  r->add_flag("-d,--detach", run.detach, "Run container in background and print container ID");
  r->callback([&ctx, r] {
    auto o = finish(r, run);
    auto c = create_reporting_missing_image(ctx, o);
    auto& svc = ctx.engine().containers();
    std::filesystem::path sdir;
    try {
      sdir = svc.prepare_start(c.id, !run.detach);
    } catch (...) {
      if (o.auto_remove) svc.remove(c.id, true);
      throw;
    }
    if (run.detach) {
      svc.start_process(sdir);
      std::printf("%s\n", c.id.c_str());
      return;
    }
    throw ExitStatus{run_attached(ctx, c.id, sdir, o.stdin_open, o.tty)};
  });

  auto* cr = app.add_subcommand("create", "Create a new container");
  add_create_flags(cr, create);
  cr->callback([&ctx, cr] {
    auto o = finish(cr, create);
    o.attach = false;
    std::printf("%s\n", create_reporting_missing_image(ctx, o).id.c_str());
  });

  static std::vector<std::string> refs;
  static bool attach = false, interactive = false, restartable = false;
  auto* st = app.add_subcommand("start", "Start one or more stopped containers");
  st->add_flag("-a,--attach", attach, "Attach STDOUT/STDERR and forward signals");
  st->add_flag("-i,--interactive", interactive, "Attach container's STDIN");
  st->add_flag("--all-restartable", restartable,
               "Start every container its restart policy brings back (run once after a reboot)");
  st->add_option("containers", refs, "Containers");
  st->callback([&ctx] {
    auto& svc = ctx.engine().containers();
    if (restartable) {
      if (!refs.empty() || attach || interactive)
        throw Error(Errc::invalid_argument, "--all-restartable takes no container and cannot attach");
      svc.start_restartable([&](const std::string& name, const std::string& error) {
        if (error.empty()) return (void)std::printf("%s\n", name.c_str());
        std::fflush(stdout);
        std::fprintf(stderr, "Error: %s: %s\n", name.c_str(), error.c_str());
        ctx.exit_code = 1;
      });
      return;
    }
    if (refs.empty()) throw Error(Errc::invalid_argument, "\"start\" requires at least 1 argument.");
    if (!attach && !interactive) {
      for_each_ref(ctx, refs, [&](const std::string& ref) { svc.start(ref); });
      if (ctx.exit_code) std::fprintf(stderr, "Error: failed to start containers: %s\n", refs.back().c_str());
      return;
    }
    if (refs.size() > 1) throw Error(Errc::invalid_argument, "you cannot start and attach multiple containers at once");
    auto c = svc.get(refs[0]);
    auto sdir = svc.prepare_start(c.id, true);
    throw ExitStatus{run_attached(ctx, c.id, sdir, interactive && c.config.value("OpenStdin", false),
                                  c.config.value("Tty", false))};
  });

  static std::string attach_ref;
  static bool no_stdin = false;
  auto* at = app.add_subcommand("attach", "Attach local standard input, output, and error streams to a running container");
  at->add_flag("--no-stdin", no_stdin, "Do not attach STDIN");
  at->add_option("container", attach_ref)->required();
  at->callback([&ctx] {
    auto& svc = ctx.engine().containers();
    auto c = svc.get(attach_ref);
    if (!c.state.running) throw Error(Errc::conflict, "You cannot attach to a stopped container, start it first");
    bool tty = c.config.value("Tty", false), in = !no_stdin && c.config.value("OpenStdin", false);
    runtime::AttachSession::Io io;
    io.close_stdin_at_eof = c.config.value("StdinOnce", false);
    io.detach_keys = tty && in;
    int code = svc.attach(svc.state_dir(c))->run(in, tty, io);
    if (code == runtime::AttachSession::kDetached) {
      std::fprintf(stderr, "read escape sequence\n");
      return;
    }
    throw ExitStatus{svc.wait(c.id)};  // the status as recorded, like Docker's attach
  });
}

}  // namespace strata::cli
