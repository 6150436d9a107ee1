// The shim's state and its phases: setup, create, event loop, finish.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "shim/logwriter.h"

namespace strata::shim {

struct Options {
  const char* id = nullptr;
  const char* bundle = nullptr;
  const char* state_dir = nullptr;
  const char* runtime = nullptr;
  const char* runtime_root = nullptr;
  const char* log = nullptr;
  bool tty = false, stdin_open = false;
  int sync_fd = -1;
  std::vector<const char*> exit_command;
  const char* unmount = nullptr;  // detached (MNT_DETACH) and removed once the container exited
  const char* cgroup = nullptr;   // the container's cgroupsPath, for delete without runc
};

struct Client {
  int fd = -1;
  std::string in, out;  // unparsed input, unsent output
};

struct Shim {
  Options opt;
  int state_fd = -1, lock_fd = -1, sig_fd = -1, listen_fd = -1, log_fd = -1;
  int out_fd = -1, err_fd = -1, in_fd = -1;  // with a tty: the pty master, in_fd a dup of it
  int pid = -1;
  bool started = false, exited = false;
  int status = 0;
  std::string finished_at;  // when the exit was reaped
  std::vector<Client> clients;
  std::string stdin_buf;     // client input not yet written to the container
  bool stdin_close = false;  // close in_fd once stdin_buf is written
  LogWriter log;
};

// setup.cpp: lock, pid file, signals, attach socket, log file.
bool setup(Shim& s, std::string& err);
// create.cpp: stdio, `runc create`, the pty; start through exec.fifo.
bool create_container(Shim& s, std::string& err);
bool start_container(Shim& s, std::string& err);
// clients.cpp
void accept_clients(Shim& s);
void send_frame(Shim& s, Client& c, char type, std::string_view payload);
void broadcast(Shim& s, char type, std::string_view payload);
void flush_client(Client& c);
bool read_client(Shim& s, Client& c);  // false: drop it
void drop_closed_clients(Shim& s);
// loop.cpp: pump until the container exited and its output is drained.
void run_loop(Shim& s);
// finish.cpp: exit file, 'X', runc delete, exit command.
int finish(Shim& s);

}  // namespace strata::shim
