#include "runtime/terminal.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>

#include "shim/protocol.h"

namespace strata::runtime {
namespace {

std::atomic<int> g_winch_fd{-1};
struct sigaction g_old_winch {};

void on_winch(int) {
  char c = 0;
  if (int fd = g_winch_fd.load(); fd >= 0) (void)!::write(fd, &c, 1);
}

}  // namespace

RawTerminal::RawTerminal(int fd) {
  if (::tcgetattr(fd, &saved_) != 0) return;
  termios raw = saved_;
  ::cfmakeraw(&raw);
  if (::tcsetattr(fd, TCSANOW, &raw) == 0) fd_ = fd;
}

RawTerminal::~RawTerminal() {
  if (fd_ >= 0) ::tcsetattr(fd_, TCSANOW, &saved_);
}

WinchPipe::WinchPipe() {
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) return;
  r_.reset(p[0]), w_.reset(p[1]);
  g_winch_fd = w_.get();
  struct sigaction sa {};
  sa.sa_handler = on_winch;
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, &g_old_winch);
}

WinchPipe::~WinchPipe() {
  if (!r_.valid()) return;
  ::sigaction(SIGWINCH, &g_old_winch, nullptr);
  g_winch_fd = -1;
}

void WinchPipe::drain() {
  char buf[64];
  while (::read(r_.get(), buf, sizeof buf) > 0) {
  }
}

std::optional<std::string> window_size(int in, int out) {
  winsize ws{};
  if (::ioctl(in, TIOCGWINSZ, &ws) != 0 && ::ioctl(out, TIOCGWINSZ, &ws) != 0) return std::nullopt;
  return shimproto::resize_payload(ws.ws_row, ws.ws_col);
}

}  // namespace strata::runtime
