#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim/shim.h"

namespace strata::shim {

// What `runc start` does: open the exec fifo, read runc init's byte (it then
// execs the user process, which closes the fifo), and remove the fifo.
bool start_container(Shim& s, std::string& err) {
  std::string path = std::string(s.opt.runtime_root) + "/" + s.opt.id + "/exec.fifo";
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return err = "cannot start a container that has already been started", false;
  bool got = false;
  char b[16];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      ssize_t n = ::read(fd, b, sizeof b);
      if (n > 0) got = true;
      if (n > 0 || (n < 0 && errno == EAGAIN)) continue;
      break;  // EOF: runc init exec'd the process (or died); error
    }
    siginfo_t si{};  // no writer yet: give up if runc init is gone
    if (::waitid(P_PID, s.pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == s.pid) {
      got = got || ::read(fd, b, sizeof b) > 0;
      break;
    }
  }
  ::close(fd);
  if (!got) return err = "container process is already dead", false;
  ::unlink(path.c_str());
  return true;
}

}  // namespace strata::shim
