// Ctrl-C (SIGINT, SIGTERM, SIGHUP) during a build stops the build, not the process: the RUN in
// progress is killed and the build fails through its normal clean-up, so no build container,
// intermediate image or layer is left behind. Handlers are process-wide while an Interrupts
// lives (one build at a time per process) and restored after; the shims it spawns are unaffected
// (exec resets handled signals).
#pragma once
#include <atomic>
#include <thread>

#include "common/fd.h"

namespace strata::build {

class Interrupts {
 public:
  Interrupts();
  ~Interrupts();
  Interrupts(const Interrupts&) = delete;
  Interrupts& operator=(const Interrupts&) = delete;

  bool fired() const { return fired_.load(); }
  // The process to kill on an interrupt (a RUN's); 0 for none. Killed at once if one came already.
  void watch(int pid);

 private:
  UniqueFd rd_;
  std::atomic<bool> fired_{false};
  std::atomic<int> pid_{0};
  std::thread watcher_;
};

// How an interrupted build ends: one line, the shell's status for a death by SIGINT.
class StepFailed;
StepFailed interrupted();

}  // namespace strata::build
