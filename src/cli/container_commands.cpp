// stop, kill, pause, unpause, top, port, rm, restart, wait, exec, logs, diff, and the monitor's hidden
// `container cleanup`.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/context.h"
#include "common/error.h"
#include "container/service.h"
#include "format/human.h"
#include "format/table.h"

namespace strata::cli {

namespace {
void add_stop_like(CLI::App& app, Context& ctx) {
  static std::vector<std::string> stop_refs, restart_refs, kill_refs, rm_refs, wait_refs;
  static int stop_t = 10, restart_t = 10;
  static std::string signal = "KILL";
  static bool force = false, volumes = false;
  auto* st = app.add_subcommand("stop", "Stop one or more running containers");
  st->add_option("-t,--time", stop_t, "Seconds to wait for stop before killing it");
  st->add_option("containers", stop_refs)->required();
  st->callback([&ctx, st] {
    std::optional<int> t;
    if (st->count("--time")) t = stop_t;
    for_each_ref(ctx, stop_refs, [&](const std::string& r) { ctx.engine().containers().stop(r, t); });
  });
  auto* rs = app.add_subcommand("restart", "Restart one or more containers");
  rs->add_option("-t,--time", restart_t, "Seconds to wait for stop before killing the container");
  rs->add_option("containers", restart_refs)->required();
  rs->callback([&ctx, rs] {
    std::optional<int> t;
    if (rs->count("--time")) t = restart_t;
    for_each_ref(ctx, restart_refs, [&](const std::string& r) { ctx.engine().containers().restart(r, t); });
  });
  auto* k = app.add_subcommand("kill", "Kill one or more running containers");
  k->add_option("-s,--signal", signal, "Signal to send to the container");
  k->add_option("containers", kill_refs)->required();
  k->callback([&ctx] {
    for_each_ref(ctx, kill_refs, [&](const std::string& r) { ctx.engine().containers().kill(r, signal); });
  });
  static std::vector<std::string> pause_refs, unpause_refs;
  auto* pa = app.add_subcommand("pause", "Pause all processes within one or more containers");
  pa->add_option("containers", pause_refs)->required();
  pa->callback([&ctx] {
    for_each_ref(ctx, pause_refs, [&](const std::string& r) { ctx.engine().containers().pause(r); });
  });
  auto* up = app.add_subcommand("unpause", "Unpause all processes within one or more containers");
  up->add_option("containers", unpause_refs)->required();
  up->callback([&ctx] {
    for_each_ref(ctx, unpause_refs, [&](const std::string& r) { ctx.engine().containers().unpause(r); });
  });
  auto* rm = app.add_subcommand("rm", "Remove one or more containers");
  rm->add_flag("-f,--force", force, "Force the removal of a running container (uses SIGKILL)");
  rm->add_flag("-v,--volumes", volumes, "Remove anonymous volumes associated with the container");
  rm->add_option("containers", rm_refs)->required();
  rm->callback([&ctx] {
    for_each_ref(ctx, rm_refs, [&](const std::string& r) { ctx.engine().containers().remove(r, force, volumes); });
  });
  auto* w = app.add_subcommand("wait", "Block until one or more containers stop, then print their exit codes");
  w->add_option("containers", wait_refs)->required();
  w->callback([&ctx] {
    for_each_ref(
        ctx, wait_refs, [&](const std::string& r) { std::printf("%d\n", ctx.engine().containers().wait(r)); }, false);
  });
}

void add_exec(CLI::App& app, Context& ctx) {
  static container::ExecOptions o;
  static std::vector<std::string> env;
  static std::string workdir, user;
  auto* ex = app.add_subcommand("exec", "Run a command in a running container");
  ex->add_flag("-t,--tty", o.tty, "Allocate a pseudo-TTY");
  ex->add_flag("-i,--interactive", o.interactive, "Keep STDIN open even if not attached");
  ex->add_flag("-d,--detach", o.detach, "Detached mode: run command in the background");
  ex->add_option("-e,--env", env, "Set environment variables")->allow_extra_args(false);
  ex->add_option("-w,--workdir", workdir, "Working directory inside the container");
  ex->add_option("-u,--user", user, "Username or UID (format: <name|uid>[:<group|gid>])");
  ex->prefix_command();
  ex->callback([&ctx, ex] {
    auto rest = ex->remaining();
    if (rest.size() < 2) throw Error(Errc::invalid_argument, "\"exec\" requires at least 2 arguments.");
    o.cmd.assign(rest.begin() + 1, rest.end());
    for (auto& e : env) {
      if (e.find('=') != std::string::npos) o.env.push_back(e);
      else if (const char* v = std::getenv(e.c_str())) o.env.push_back(e + "=" + v);
    }
    if (ex->count("--workdir")) o.workdir = workdir;
    if (ex->count("--user")) o.user = user;
    if (!o.interactive && !o.detach) {  // like Docker: no -i, no stdin
      int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (null >= 0) ::dup2(null, 0), ::close(null);
    }
    int code = ctx.engine().containers().exec(rest[0], o);
    throw ExitStatus{code};
  });
}

void add_logs_diff(CLI::App& app, Context& ctx) {
  static std::string ref, tail = "all", since, until;
  static container::ContainerService::LogOptions lo;
  auto* lg = app.add_subcommand("logs", "Fetch the logs of a container");
  lg->add_flag("-f,--follow", lo.follow, "Follow log output");
  lg->add_flag("-t,--timestamps", lo.timestamps, "Show timestamps");
  lg->add_option("-n,--tail", tail, "Number of lines to show from the end of the logs");
  lg->add_option("--since", since, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)");
  lg->add_option("--until", until, "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)");
  lg->add_option("container", ref)->required();
  lg->callback([&ctx] {
    if (tail != "all") {
      char* end = nullptr;
      long n = std::strtol(tail.c_str(), &end, 10);
      lo.tail = end && *end == 0 && !tail.empty() ? (n < 0 ? -1 : n) : -1;  // Docker: not a number = all
    }
    if (!since.empty()) lo.since = format::parse_time_or_duration(since);
    if (!until.empty()) lo.until = format::parse_time_or_duration(until);
    ctx.engine().containers().logs(ref, lo, [](const std::string& stream, const std::string& text, const std::string& ts) {
      FILE* f = stream == "stderr" ? stderr : stdout;
      if (!ts.empty()) std::fprintf(f, "%s ", ts.c_str());
      std::fwrite(text.data(), 1, text.size(), f);
      std::fflush(f);
    });
  });
  static std::string diff_ref;
  auto* d = app.add_subcommand("diff", "Inspect changes to files or directories on a container's filesystem");
  d->add_option("container", diff_ref)->required();
  d->callback([&ctx] {
    static char buf[1 << 16];
    std::setvbuf(stdout, buf, _IOFBF, sizeof buf);
    ctx.engine().containers().diff(diff_ref, [](char kind, std::string_view path) {
      std::putchar(kind);
      std::putchar(' ');
      std::fwrite(path.data(), 1, path.size(), stdout);
      std::putchar('\n');
    });
  });
  static std::string rename_from, rename_to;
  auto* rn = app.add_subcommand("rename", "Rename a container");
  rn->add_option("container", rename_from)->required();
  rn->add_option("new_name", rename_to)->required();
  rn->callback([&ctx] { ctx.engine().containers().rename(rename_from, rename_to); });
  // Run by a container's monitor when the container exits.
  static std::string cleanup_id;
  auto* grp = app.add_subcommand("container", "Manage containers");
  auto* cl = grp->add_subcommand("cleanup", "Record a container's exit (run by its monitor)");
  cl->group("");
  cl->add_option("id", cleanup_id)->required();
  cl->callback([&ctx] { ctx.engine().containers().on_exit(cleanup_id); });
  auto* ar = grp->add_subcommand("autorestart", "Restart a container by its restart policy (run by cleanup)");
  ar->group("");
  ar->add_option("id", cleanup_id)->required();
  ar->callback([&ctx] { ctx.engine().containers().auto_restart(cleanup_id); });
}
}  // namespace

// top and port: Docker's output. With host or no networking nothing is ever published, so
// `port` lists nothing (and names the port asked for).
void add_top_port(CLI::App& app, Context& ctx) {
  static std::vector<std::string> port_args;
  auto* t = app.add_subcommand("top", "Display the running processes of a container (top CONTAINER [ps OPTIONS])");
  t->prefix_command();  // everything after the name goes to ps as it is, in order
  t->callback([&ctx, t] {
    auto rest = t->remaining();
    if (rest.empty()) throw Error(Errc::invalid_argument, "\"top\" requires at least 1 argument.");
    std::vector<std::string> ps(rest.begin() + 1, rest.end());
    auto r = ctx.engine().containers().top(rest[0], ps);
    std::string text;
    auto add = [&](const std::vector<std::string>& row) {
      for (size_t i = 0; i < row.size(); ++i) text += (i ? "\t" : "") + row[i];
      text += "\n";
    };
    add(r.titles);
    for (auto& p : r.processes) add(p);
    std::fputs(format::tabwrite(text, 20, 3).c_str(), stdout);  // docker top's tabwriter: minwidth 20
  });
  auto* p = app.add_subcommand("port", "List port mappings or a specific mapping for the container");
  p->add_option("args", port_args, "CONTAINER [PRIVATE_PORT[/PROTO]]")->required()->expected(1, 2);
  p->callback([&ctx] {
    ctx.engine().containers().get(port_args[0]);  // "No such container: X" first
    if (port_args.size() == 2)
      throw Error(Errc::invalid_argument, "No public port '" + port_args[1] + "' published for " + port_args[0]);
  });
}

void add_container_commands(CLI::App& app, Context& ctx) {
  add_stop_like(app, ctx);
  add_top_port(app, ctx);
  add_exec(app, ctx);
  add_logs_diff(app, ctx);
}

}  // namespace strata::cli
