// The event loop: container output to the log and to clients, client input to
// the container, SIGCHLD to notice the exit; then drain the output.
#include <errno.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shim/protocol.h"
#include "shim/shim.h"
#include "shim/util.h"

namespace strata::shim {
namespace {

constexpr size_t kClientBacklog = 256 * 1024;  // stop reading output while a client lags this much
constexpr size_t kStdinBacklog = 64 * 1024;    // stop reading clients while stdin lags this much
constexpr long kDrainMs = 1000;                // after the exit, give up on EOF after this long idle

long now_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void reap(Shim& s) {
  signalfd_siginfo si;
  while (::read(s.sig_fd, &si, sizeof si) > 0) {
  }
  int st;
  pid_t p;
  while ((p = ::waitpid(-1, &st, WNOHANG)) > 0)
    if (p == s.pid) s.exited = true, s.status = st, s.finished_at = now_rfc3339nano();
}

// Returns true if it read data.
bool read_output(Shim& s, int& fd, LogWriter::Stream stream) {
  static char buf[LogWriter::kMaxLine];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    s.log.feed(stream, buf, static_cast<size_t>(n));
    std::string_view data(buf, static_cast<size_t>(n));
    broadcast(s, stream == LogWriter::kStdout ? shimproto::kStdout : shimproto::kStderr, data);
    return true;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  s.log.flush(stream);  // EOF, or EIO from a pty whose last slave closed
  close_fd(fd);
  if (s.opt.tty) close_fd(s.in_fd);
  return false;
}

void write_stdin(Shim& s) {
  if (!s.stdin_buf.empty() && s.in_fd >= 0) {
    ssize_t n = ::write(s.in_fd, s.stdin_buf.data(), s.stdin_buf.size());
    if (n > 0) s.stdin_buf.erase(0, static_cast<size_t>(n));
    if (n < 0 && errno != EAGAIN && errno != EINTR) s.stdin_buf.clear(), close_fd(s.in_fd);
  }
  if (s.stdin_buf.empty() && s.stdin_close) close_fd(s.in_fd);
  if (s.stdin_buf.empty() && s.stdin_buf.capacity() > 65536) std::string().swap(s.stdin_buf);
}

}  // namespace

void run_loop(Shim& s) {
  enum { kSig, kListen, kOut, kErr, kIn, kClients };
  std::vector<pollfd> fds;
  long deadline = 0;
  reap(s);  // the container may have died before we got here
  for (;;) {
    if (s.exited && deadline == 0) deadline = now_ms() + kDrainMs;
    if (s.exited && ((s.out_fd < 0 && s.err_fd < 0) || now_ms() >= deadline)) return;
    // Backpressure while it runs; once it exited, what is left (at most a pipe
    // buffer) is read at once so the log is complete whatever the clients do.
    bool lagging = false;
    for (const Client& c : s.clients) lagging = lagging || (!s.exited && c.out.size() > kClientBacklog);
    fds.assign(kClients + s.clients.size(), pollfd{-1, 0, 0});
    fds[kSig] = {s.sig_fd, POLLIN, 0};
    fds[kListen] = {s.exited ? -1 : s.listen_fd, POLLIN, 0};
    fds[kOut] = {lagging ? -1 : s.out_fd, POLLIN, 0};
    fds[kErr] = {lagging ? -1 : s.err_fd, POLLIN, 0};
    fds[kIn] = {s.stdin_buf.empty() ? -1 : s.in_fd, POLLOUT, 0};
    for (size_t i = 0; i < s.clients.size(); ++i) {
      const Client& c = s.clients[i];
      short ev = static_cast<short>((s.stdin_buf.size() < kStdinBacklog ? POLLIN : 0) | (c.out.empty() ? 0 : POLLOUT));
      fds[kClients + i] = {c.fd, ev, 0};
    }
    int timeout = s.exited ? static_cast<int>(deadline - now_ms()) : -1;
    if (::poll(fds.data(), fds.size(), timeout < 0 && s.exited ? 0 : timeout) < 0 && errno != EINTR) return;
    if (fds[kSig].revents) reap(s);
    bool got = fds[kOut].revents && read_output(s, s.out_fd, LogWriter::kStdout);
    got = (fds[kErr].revents && read_output(s, s.err_fd, LogWriter::kStderr)) || got;
    if (got && s.exited) deadline = now_ms() + kDrainMs;
    size_t n = s.clients.size();  // accept_clients may grow the vector
    for (size_t i = 0; i < n; ++i) {
      Client& c = s.clients[i];
      short re = fds[kClients + i].revents;
      if ((re & (POLLIN | POLLHUP | POLLERR)) && !read_client(s, c)) close_fd(c.fd);
      if ((re & POLLOUT) && c.fd >= 0) flush_client(c);
    }
    if (fds[kListen].revents) accept_clients(s);
    drop_closed_clients(s);
    write_stdin(s);
  }
}

}  // namespace strata::shim
