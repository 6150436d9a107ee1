#include "runtime/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.h"

namespace strata::runtime {
namespace {

// In the forked child: only async-signal-safe calls.
[[noreturn]] void exec_child(char* const* argv, const int stdio[3], int keep_fd) {
  for (int i = 0; i < 3; ++i) {
    if (stdio[i] >= 0 && stdio[i] != i) ::dup2(stdio[i], i);
    else if (stdio[i] == i) ::fcntl(i, F_SETFD, 0);
  }
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  if (keep_fd >= 0) ::fcntl(keep_fd, F_SETFD, 0);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) ::sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execv(argv[0], argv);
  ::_exit(127);
}

}  // namespace

pid_t spawn_process(const std::vector<std::string>& argv, const int stdio[3], int keep_fd, bool detach,
                    bool new_session_tty) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    if (new_session_tty) ::setsid(), ::ioctl(stdio[0], TIOCSCTTY, 0);
    if (detach) {
      ::setsid();
      pid_t grandchild = ::fork();
      if (grandchild != 0) ::_exit(grandchild < 0 ? 1 : 0);
    }
    exec_child(args.data(), stdio, keep_fd);
  }
  if (!detach) return pid;
  if (status_code(wait_process(pid)) != 0) throw Error(Errc::system, "fork for " + argv[0] + " failed");
  return 0;
}

int wait_process(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) throw_errno("waitpid");
  return st;
}

std::string capture_output(const std::vector<std::string>& argv, int* status) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throw_errno("pipe");
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int stdio[3] = {null_fd, p[1], null_fd};
  pid_t pid = -1;
  try {
    pid = spawn_process(argv, stdio);
  } catch (...) {
    ::close(p[0]), ::close(p[1]), ::close(null_fd);
    throw;
  }
  ::close(p[1]);
  ::close(null_fd);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(p[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(p[0]);
  int st = wait_process(pid);
  if (status) *status = st;
  return out;
}

int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

std::string read_line(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string line;
  char c;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count())));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) throw Error(Errc::system, "timed out waiting for the shim");
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') return line;
    line += c;
  }
}

std::string last_runc_error(const std::string& log) {
  std::string msg;
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("level", "") == "error" && j.contains("msg") && j["msg"].is_string())
      msg = j["msg"].get<std::string>();
  }
  return msg;
}

}  // namespace strata::runtime
