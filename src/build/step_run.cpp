// RUN: the command in a build container of the engine's own, its output streamed as it comes,
// its writable layer made the step's layer.
#include <fcntl.h>

#include "build/build_run.h"
#include "common/id.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"
#include "runtime/attach.h"

namespace strata::build {

std::filesystem::path BuildRun::upper_of(const container::Container& c) const { return d_.driver.diff_dir(c.mount_id); }

void BuildRun::run_step(const Instruction& in) {
  std::vector<std::string> cmd = in.json ? in.json_args : shell_;
  if (!in.json && !in.args.empty()) cmd.push_back(in.args);  // a bare RUN: "/bin/sh -c", as Docker
  std::vector<std::string> args = run_args();
  std::string shown;
  for (auto& a : cmd) shown += (shown.empty() ? "" : " ") + a;
  std::string created_by = shown;
  if (!args.empty()) {
    std::string prefix = "|" + std::to_string(args.size());
    for (auto& a : args) prefix += " " + a;
    created_by = prefix + " " + shown;
  }
  if (cached(created_by)) return;

  auto& svc = d_.containers;
  auto c = make_container(cmd, args);
  say(" ---> Running in " + short_id(c.id));
  std::string id;
  try {
    auto sdir = svc.prepare_start(c.id, true);
    auto session = svc.attach(sdir);
    interrupts_.watch(svc.get(c.id).state.pid);  // Ctrl-C kills it; the build then fails cleanly
    svc.start_process(sdir);
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    int out = o_.quiet ? null.get() : o_.out_fd;
    int code = session->run(false, false, {null.get(), out, out});
    svc.wait(c.id);
    interrupts_.watch(0);
    if (code != 0)
      throw StepFailed("The command '" + shown + "' returned a non-zero code: " + std::to_string(code), code);
    id = commit(created_by, upper_of(c));
  } catch (...) {
    interrupts_.watch(0);  // that pid is gone: a Ctrl-C from now on must not hit whoever reuses it
    remove_container(c.id);
    throw;
  }
  say("Removing intermediate container " + short_id(c.id));
  remove_container(c.id);
  say_image(id);
}

}  // namespace strata::build
