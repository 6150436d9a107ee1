#include "runtime/attach.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "common/error.h"
#include "runtime/runtime.h"
#include "runtime/terminal.h"
#include "shim/protocol.h"

namespace strata::runtime {
namespace {

namespace proto = shimproto;

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, -1);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // the reader went away: drop output, keep the session
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

AttachSession::AttachSession(UniqueFd sock, std::filesystem::path state_dir)
    : sock_(std::move(sock)), state_dir_(std::move(state_dir)) {}

void AttachSession::send(char type, std::string_view payload) {
  std::string frame;
  proto::append_frame(frame, type, payload);
  std::string_view rest = frame;
  while (!rest.empty()) {
    ssize_t n = ::send(sock_.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("send to the shim");
    rest.remove_prefix(static_cast<size_t>(n));
  }
}

bool AttachSession::parse_one(char& type, std::string& payload) {
  std::string_view p;
  size_t used = 0;
  bool bad = false;
  if (!proto::parse_frame(in_, type, p, used, bad)) {
    if (bad) throw Error(Errc::system, "bad frame from the shim");
    return false;
  }
  payload.assign(p);
  in_.erase(0, used);
  return true;
}

bool AttachSession::next(char& type, std::string& payload) {
  char buf[32768];
  while (!parse_one(type, payload)) {
    ssize_t n = ::recv(sock_.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    in_.append(buf, static_cast<size_t>(n));
  }
  return true;
}

int AttachSession::run(bool forward_stdin, bool tty, Io io) {
  std::optional<RawTerminal> raw;
  std::optional<WinchPipe> winch;
  if (tty && forward_stdin && ::isatty(io.in)) raw.emplace(io.in);
  if (tty) {
    winch.emplace();
    if (auto size = window_size(io.in, io.out)) send(proto::kResize, *size);
  }
  std::string out;  // frames for the shim, sent without blocking
  bool stdin_open = forward_stdin;
  int escape = 0;  // detach keys seen so far
  char buf[32768];
  auto send_all = [&](std::string_view rest) {  // frames already made, blocking
    while (!rest.empty()) {
      ssize_t n = ::send(sock_.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return;
      rest.remove_prefix(static_cast<size_t>(n));
    }
  };
  for (;;) {
    pollfd fds[3] = {{sock_.get(), static_cast<short>(POLLIN | (out.empty() ? 0 : POLLOUT)), 0},
                     {stdin_open && out.size() < 65536 ? io.in : -1, POLLIN, 0},
                     {winch ? winch->fd() : -1, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno("poll");
    }
    if (fds[0].revents & POLLOUT) {
      ssize_t n = ::send(sock_.get(), out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) out.erase(0, static_cast<size_t>(n));
      if (n < 0 && errno != EAGAIN && errno != EINTR) out.clear(), stdin_open = false;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::recv(sock_.get(), buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
      if (n > 0) in_.append(buf, static_cast<size_t>(n));
      char type;
      std::string payload;
      while (parse_one(type, payload)) {
        if (type == proto::kStdout) write_all(io.out, payload);
        if (type == proto::kStderr) write_all(tty ? io.out : io.err, payload);
        if (type == proto::kFailed) throw Error(Errc::system, payload);
        if (type == proto::kExit) return std::atoi(payload.c_str());
      }
    }
    if (fds[1].revents) {
      ssize_t n = ::read(io.in, buf, sizeof buf);
      for (ssize_t i = 0; io.detach_keys && i < n; ++i) {  // Docker's default detach keys
        escape = buf[i] == 0x10 ? 1 : (escape == 1 && buf[i] == 0x11) ? 2 : 0;
        if (escape == 2) {
          if (i > 1) proto::append_frame(out, proto::kStdin, std::string_view(buf, static_cast<size_t>(i - 1)));
          if (!out.empty()) send_all(out);
          return kDetached;
        }
      }
      if (n > 0) proto::append_frame(out, proto::kStdin, std::string_view(buf, static_cast<size_t>(n)));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        if (io.close_stdin_at_eof) proto::append_frame(out, proto::kCloseStdin, "");
        stdin_open = false;
      }
    }
    if (fds[2].revents) {
      winch->drain();
      if (auto size = window_size(io.in, io.out)) proto::append_frame(out, proto::kResize, *size);
    }
  }
  if (auto exit = read_exit_file(state_dir_)) return exit->code;
  throw Error(Errc::system, "lost the connection to the container's shim");
}

}  // namespace strata::runtime
