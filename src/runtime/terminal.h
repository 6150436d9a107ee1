// The terminal side of an attach session: raw mode and window-size changes.
#pragma once
#include <termios.h>

#include <optional>
#include <string>

#include "common/fd.h"

namespace strata::runtime {

// Raw mode on a terminal for the object's lifetime (no-op if fd is not one).
class RawTerminal {
 public:
  explicit RawTerminal(int fd);
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  int fd_ = -1;
  termios saved_{};
};

// SIGWINCH delivered to a pipe for the object's lifetime (one at a time per
// process: the handler is process-wide).
class WinchPipe {
 public:
  WinchPipe();
  ~WinchPipe();
  WinchPipe(const WinchPipe&) = delete;
  WinchPipe& operator=(const WinchPipe&) = delete;
  int fd() const { return r_.get(); }
  void drain();

 private:
  UniqueFd r_, w_;
};

// The 'R' payload for the window size of in (or else out); nullopt if neither is a terminal.
std::optional<std::string> window_size(int in, int out);

}  // namespace strata::runtime
