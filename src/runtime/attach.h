// AttachSession: the client side of the shim's attach protocol (see
// shim/protocol.h). run() pumps stdin to the container and its output to
// stdout/stderr until the exit frame arrives.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "common/fd.h"

namespace strata::runtime {

class AttachSession {
 public:
  struct Io {
    int in = 0, out = 1, err = 2;
    bool close_stdin_at_eof = true;  // attach: only when the container was run with StdinOnce
    bool detach_keys = false;        // attach with a tty: ctrl-p ctrl-q leaves the container running
  };
  static constexpr int kDetached = -1;  // run()'s result when the user detached
  AttachSession(UniqueFd sock, std::filesystem::path state_dir);

  // Returns the container's exit code when 'X' arrives (or, if the shim went
  // away without one, from the exit file; else throws Errc::system). With tty:
  // the window size (of io.in, else io.out) is sent at once and on SIGWINCH,
  // and io.in is raw for the session when stdin is forwarded from a terminal.
  // Stdin EOF sends 'C'. Throws on an 'F' frame.
  int run(bool forward_stdin, bool tty) { return run(forward_stdin, tty, Io{}); }
  int run(bool forward_stdin, bool tty, Io io);

  // Low level: send one frame (blocking); read the next (false at EOF).
  void send(char type, std::string_view payload);
  bool next(char& type, std::string& payload);
  int fd() const { return sock_.get(); }

 private:
  bool parse_one(char& type, std::string& payload);
  UniqueFd sock_;
  std::filesystem::path state_dir_;
  std::string in_;  // received, not yet parsed
};

}  // namespace strata::runtime
