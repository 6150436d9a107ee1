#include "shim/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>

#include "shim/jsonlog.h"

namespace strata::shim {

bool write_all(int fd, const void* data, size_t len) {
  const char* p = static_cast<const char*>(data);
  while (len > 0) {
    ssize_t n = ::write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

std::string read_small_file(const char* path, size_t max) {
  std::string out;
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[4096];
  while (out.size() < max) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

bool write_file_atomic(const char* path, const std::string& data, bool sync) {
  std::string tmp = std::string(path) + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = write_all(fd, data) && (!sync || ::fsync(fd) == 0);
  ::close(fd);
  return ok && ::rename(tmp.c_str(), path) == 0;
}

void set_cloexec(int fd, bool on) {
  int f = ::fcntl(fd, F_GETFD);
  if (f >= 0) ::fcntl(fd, F_SETFD, on ? f | FD_CLOEXEC : f & ~FD_CLOEXEC);
}

void set_nonblock(int fd, bool on) {
  int f = ::fcntl(fd, F_GETFL);
  if (f >= 0) ::fcntl(fd, F_SETFL, on ? f | O_NONBLOCK : f & ~O_NONBLOCK);
}

int spawn(const std::vector<const char*>& argv, int in, int out, int err) {
  std::vector<char*> args;
  for (const char* a : argv) args.push_back(const_cast<char*>(a));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  // Child: stdio, default signals, then exec. Our fds are all CLOEXEC.
  int fds[3] = {in, out, err};
  for (int i = 0; i < 3; ++i) fds[i] = fds[i] < 3 ? ::fcntl(fds[i], F_DUPFD_CLOEXEC, 3) : fds[i];
  for (int i = 0; i < 3; ++i) ::dup2(fds[i], i);
  for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

int wait_status(int pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return -1;
  return st;
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

std::string now_rfc3339nano() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return jsonlog::rfc3339nano(ts);
}

}  // namespace strata::shim
