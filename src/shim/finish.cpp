// After the container exited: record the exit, tell the clients, clean up.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim/protocol.h"
#include "shim/runc.h"
#include "shim/shim.h"
#include "shim/util.h"

namespace strata::shim {

int finish(Shim& s) {
  if (!s.exited) s.status = wait_status(s.pid), s.finished_at = now_rfc3339nano();  // only if the loop failed
  for (int* fd : {&s.out_fd, &s.err_fd, &s.in_fd})
    if (*fd >= 0) ::close(*fd), *fd = -1;
  s.log.flush(LogWriter::kStdout);
  s.log.flush(LogWriter::kStderr);
  int code = exit_code(s.status);
  // Not fsynced: the state dir is normally on tmpfs (/run), and where it is not, a power cut
  // before the exit is recorded gives "container monitor died" (255), as Docker reports then.
  write_file_atomic("exit", std::to_string(code) + " " + s.finished_at + "\n", false);

  // The mount and runc's state go before the clients hear of the exit: a foreground `run` then
  // records the exit (and removes an --rm container) as soon as it does, instead of first
  // waiting for this process to end.
  if (s.opt.unmount) {
    ::umount2(s.opt.unmount, MNT_DETACH);
    ::rmdir(s.opt.unmount);
  }
  if (!s.opt.cgroup || !delete_stopped(s.opt.runtime_root, s.opt.id, s.opt.cgroup))
    runc_delete(s.opt.runtime, s.opt.runtime_root, s.opt.id);

  // Clients still in the listen backlog get the exit too; then no more.
  accept_clients(s);
  ::close(s.listen_fd);
  ::unlink("attach.sock");
  broadcast(s, shimproto::kExit, std::to_string(code));
  for (Client& c : s.clients) {
    if (c.fd < 0) continue;
    timeval tv{2, 0};  // a stuck client must not hold up the cleanup
    ::setsockopt(c.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    set_nonblock(c.fd, false);
    if (!c.out.empty()) write_all(c.fd, c.out);
    ::close(c.fd);
  }
  s.clients.clear();

  if (!s.opt.exit_command.empty()) {
    int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    std::vector<const char*> argv = s.opt.exit_command;
    int pid = spawn(argv, devnull, devnull, devnull);
    if (pid > 0) wait_status(pid);
    ::close(devnull);
  }
  return 0;  // exiting releases shim.lock
}

}  // namespace strata::shim
