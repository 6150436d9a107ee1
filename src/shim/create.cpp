#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim/runc.h"
#include "shim/shim.h"
#include "shim/util.h"

namespace strata::shim {
namespace {

int listen_console() {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  strcpy(addr.sun_path, "console.sock");  // relative: cwd is the state dir
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(fd, 1) == 0) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

bool wait_readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) > 0;
}

// runc connects to the console socket and sends the pty master (SCM_RIGHTS).
int receive_pty(int listen_fd) {
  if (!wait_readable(listen_fd, 10000)) return -1;
  int conn = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (conn < 0 || !wait_readable(conn, 10000)) return -1;
  char name[256];
  iovec iov{name, sizeof name};
  alignas(cmsghdr) char ctl[CMSG_SPACE(sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = ctl;
  msg.msg_controllen = sizeof ctl;
  int master = -1;
  if (::recvmsg(conn, &msg, MSG_CMSG_CLOEXEC) >= 0) {
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) memcpy(&master, CMSG_DATA(c), sizeof master);
  }
  ::close(conn);
  return master;
}

}  // namespace

bool create_container(Shim& s, std::string& err) {
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int child[3] = {devnull, devnull, devnull};
  int console = -1, dir_dup = -1;
  std::string console_path;
  if (s.opt.tty) {
    console = listen_console();
    if (console < 0) return err = "listen on console.sock: " + std::string(strerror(errno)), false;
    // runc dials the socket by path; through our state dir fd it stays short.
    dir_dup = ::dup(s.state_fd);
    console_path = "/proc/self/fd/" + std::to_string(dir_dup) + "/console.sock";
  } else {
    int out[2], errp[2], in[2] = {-1, -1};
    if (::pipe2(out, O_CLOEXEC) || ::pipe2(errp, O_CLOEXEC) || (s.opt.stdin_open && ::pipe2(in, O_CLOEXEC)))
      return err = "pipe: " + std::string(strerror(errno)), false;
    s.out_fd = out[0], child[1] = out[1];
    s.err_fd = errp[0], child[2] = errp[1];
    if (s.opt.stdin_open) s.in_fd = in[1], child[0] = in[0];
  }
  std::string log = std::string(s.opt.state_dir) + "/runc.log";
  // No --pid-file: runc writes it with O_SYNC (a disk flush per start where the state dir is on
  // disk); the pid is in the state.json runc writes anyway.
  std::vector<const char*> argv{s.opt.runtime, "--root", s.opt.runtime_root, "--log", log.c_str(), "--log-format",
                                "json", "create", "--bundle", s.opt.bundle};
  if (s.opt.tty) argv.insert(argv.end(), {"--console-socket", console_path.c_str()});
  argv.push_back(s.opt.id);
  int runc = spawn(argv, child[0], child[1], child[2]);
  for (int fd : child)
    if (fd != devnull) ::close(fd);
  ::close(devnull);
  int st = runc > 0 ? wait_status(runc) : -1;
  if (dir_dup >= 0) ::close(dir_dup);
  if (st != 0) {
    err = last_runc_error(read_small_file("runc.log"));
    if (err.empty() && s.err_fd >= 0) {  // runc also prints its error on stderr
      char buf[4096];
      set_nonblock(s.err_fd, true);
      ssize_t n = ::read(s.err_fd, buf, sizeof buf);
      if (n > 0) err.assign(buf, static_cast<size_t>(n));
    }
    if (err.empty()) err = "runc create failed with status " + std::to_string(exit_code(st));
    return false;
  }
  if (s.opt.tty) {
    s.out_fd = receive_pty(console);
    ::close(console);
    ::unlink("console.sock");
    if (s.out_fd < 0) return err = "did not receive the container's terminal from runc", false;
    s.in_fd = ::fcntl(s.out_fd, F_DUPFD_CLOEXEC, 0);
  }
  s.pid = init_pid_from_state(read_small_file((std::string(s.opt.runtime_root) + "/" + s.opt.id + "/state.json").c_str()));
  if (s.pid <= 0) return err = "runc recorded no init pid in its state.json", false;
  write_file_atomic("pid", std::to_string(s.pid) + "\n", false);  // for tools; nothing reads it back
  for (int fd : {s.out_fd, s.err_fd, s.in_fd})
    if (fd >= 0) set_nonblock(fd, true);
  return true;
}

}  // namespace strata::shim
