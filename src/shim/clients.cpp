// Attached clients: frames in, frames out, never blocking the shim.
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>

#include "shim/protocol.h"
#include "shim/shim.h"

namespace strata::shim {
namespace {

void handle_frame(Shim& s, Client& c, char type, std::string_view payload) {
  switch (type) {
    case shimproto::kStart: {
      std::string err;
      if (s.started) err = "container already started";
      else if (s.exited) err = "container has stopped";
      else if (start_container(s, err)) s.started = true;
      if (err.empty()) send_frame(s, c, shimproto::kStarted, "");
      else send_frame(s, c, shimproto::kFailed, err);
      break;
    }
    case shimproto::kStdin:
      if (s.in_fd >= 0 && !s.stdin_close) s.stdin_buf.append(payload);
      break;
    case shimproto::kCloseStdin:
      if (!s.opt.tty) s.stdin_close = true;
      break;
    case shimproto::kResize:
      if (s.opt.tty && s.out_fd >= 0 && payload.size() == 4) {
        auto u = [&](size_t i) { return static_cast<unsigned char>(payload[i]); };
        winsize ws{};
        ws.ws_row = static_cast<unsigned short>(u(0) << 8 | u(1));
        ws.ws_col = static_cast<unsigned short>(u(2) << 8 | u(3));
        ::ioctl(s.out_fd, TIOCSWINSZ, &ws);
      }
      break;
    default: break;
  }
}

}  // namespace

void accept_clients(Shim& s) {
  for (;;) {
    int fd = ::accept4(s.listen_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;
    s.clients.push_back(Client{fd, {}, {}});
  }
}

void flush_client(Client& c) {
  while (c.fd >= 0 && !c.out.empty()) {
    ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      ::close(c.fd);
      c.fd = -1;
      return;
    }
    c.out.erase(0, static_cast<size_t>(n));
  }
  if (c.out.empty() && c.out.capacity() > 65536) std::string().swap(c.out);
}

void send_frame(Shim& s, Client& c, char type, std::string_view payload) {
  if (c.fd < 0) return;
  shimproto::append_frame(c.out, type, payload);
  flush_client(c);
}

void broadcast(Shim& s, char type, std::string_view payload) {
  for (Client& c : s.clients) send_frame(s, c, type, payload);
}

bool read_client(Shim& s, Client& c) {
  char buf[4096];
  ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return false;
  c.in.append(buf, static_cast<size_t>(n));
  size_t off = 0;
  char type;
  std::string_view payload;
  size_t used;
  bool bad;
  while (shimproto::parse_frame(std::string_view(c.in).substr(off), type, payload, used, bad)) {
    handle_frame(s, c, type, payload);
    off += used;
  }
  c.in.erase(0, off);
  return !bad;
}

void drop_closed_clients(Shim& s) {
  s.clients.erase(std::remove_if(s.clients.begin(), s.clients.end(), [](const Client& c) { return c.fd < 0; }),
                  s.clients.end());
}

}  // namespace strata::shim
