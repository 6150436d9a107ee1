// RUN: the command in a build container of the engine's own, its output streamed as it comes,
// its writable layer made the step's layer.
#include <fcntl.h>

#include "build/build_run.h"
#include "build/layer.h"
#include "common/id.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"
#include "runtime/attach.h"

namespace strata::build {

NewLayer BuildRun::commit_layer(const container::Container& c) {
  return commit_upper(d_, d_.driver.diff_dir(c.mount_id), top_);
}

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
  NewLayer layer;
  try {
    auto sdir = svc.prepare_start(c.id, true);
    auto session = svc.attach(sdir);
    svc.start_process(sdir);
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    int out = o_.quiet ? null.get() : o_.out_fd;
    int code = session->run(false, false, {null.get(), out, out});
    svc.wait(c.id);
    if (code != 0)
      throw StepFailed("The command '" + shown + "' returned a non-zero code: " + std::to_string(code), code);
    layer = commit_layer(c);
  } catch (...) {
    remove_container(c.id);
    throw;
  }
  say("Removing intermediate container " + short_id(c.id));
  remove_container(c.id);
  commit(created_by, layer);
}

}  // namespace strata::build
