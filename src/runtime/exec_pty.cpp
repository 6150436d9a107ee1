#include "runtime/exec_pty.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "common/error.h"
#include "common/fd.h"
#include "runtime/process.h"

namespace strata::runtime {

bool has_controlling_terminal() {
  UniqueFd fd(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
  return fd.valid();
}

int run_on_pty(const std::vector<std::string>& argv, int keep_fd) {
  int m, s;
  winsize ws{24, 80, 0, 0};
  ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
  if (::openpty(&m, &s, nullptr, nullptr, &ws) != 0) throw_errno("openpty");
  UniqueFd master(m), slave(s);
  ::fcntl(m, F_SETFD, FD_CLOEXEC);
  ::fcntl(s, F_SETFD, FD_CLOEXEC);
  termios raw{};
  ::tcgetattr(s, &raw);
  ::cfmakeraw(&raw);  // runc's own pty does the line discipline
  ::tcsetattr(s, TCSANOW, &raw);
  int stdio[3] = {s, s, s};
  pid_t pid = spawn_process(argv, stdio, keep_fd, /*detach=*/false, /*new_session_tty=*/true);
  slave.reset();
  bool in_open = true;
  char buf[16384];
  for (;;) {  // until the master reads EIO: every slave fd (runc's) is closed
    pollfd fds[2] = {{m, POLLIN, 0}, {in_open ? STDIN_FILENO : -1, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents) {
      ssize_t n = ::read(m, buf, sizeof buf);
      if (n <= 0 && errno != EINTR && errno != EAGAIN) break;
      for (ssize_t off = 0; n > 0 && off < n;) {
        ssize_t w = ::write(STDOUT_FILENO, buf + off, n - off);
        if (w <= 0) break;
        off += w;
      }
    }
    if (fds[1].revents) {
      ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n <= 0) in_open = false;  // a raw pty has no EOF to pass on
      else if (::write(m, buf, n) < 0) in_open = false;
    }
  }
  return wait_process(pid);
}

}  // namespace strata::runtime
