#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "shim/shim.h"
#include "shim/util.h"

namespace strata::shim {
namespace {

bool fail(std::string& err, const char* what) {
  err = std::string(what) + ": " + strerror(errno);
  return false;
}

}  // namespace

bool setup(Shim& s, std::string& err) {
  ::umask(022);
  s.state_fd = ::open(s.opt.state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s.state_fd < 0 || ::fchdir(s.state_fd) != 0) return fail(err, "open state dir");
  // Held for life: released by the kernel when the shim is gone, whatever
  // happens to its pid. An OFD lock, so probes (F_OFD_GETLK) never take it.
  s.lock_fd = ::open("shim.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (s.lock_fd < 0) return fail(err, "open shim.lock");
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (::fcntl(s.lock_fd, F_OFD_SETLK, &fl) != 0) {
    if (errno == EAGAIN || errno == EACCES) {
      err = "a shim is already running for this container";
      return false;
    }
    return fail(err, "lock shim.lock");
  }
  for (const char* stale : {"exit", "exit.tmp", "pid", "runc.log", "attach.sock", "console.sock"})
    ::unlink(stale);
  // Not synced: after a power cut no pid in it means anything (the lock is what tells liveness).
  if (!write_file_atomic("shim.pid", std::to_string(::getpid()) + "\n", false)) return fail(err, "write shim.pid");

  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  ::signal(SIGINT, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
  s.sig_fd = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (s.sig_fd < 0) return fail(err, "signalfd");

  // Relative bind (cwd is the state dir): no 108-byte sun_path limit.
  s.listen_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  strcpy(addr.sun_path, "attach.sock");
  if (s.listen_fd < 0 || ::bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(s.listen_fd, 64) != 0)
    return fail(err, "listen on attach.sock");
  ::chmod("attach.sock", 0600);

  s.log_fd = ::open(s.opt.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (s.log_fd < 0) return fail(err, "open log file");
  s.log.open(s.log_fd);
  return true;
}

}  // namespace strata::shim
