// Process plumbing for the runc runtime: fork/exec without touching the heap
// in the child (the caller may have threads), waiting, runc's error log.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace strata::runtime {

// fork + exec: stdio[i] < 0 keeps the caller's; keep_fd stays open across exec
// (all other fds >= 3 are closed); signals reset. detach: setsid and double
// fork, the grandchild is reparented to init and the call returns 0.
// new_session_tty: setsid and make stdin (a pty slave) the controlling terminal.
pid_t spawn_process(const std::vector<std::string>& argv, const int stdio[3], int keep_fd = -1, bool detach = false,
                    bool new_session_tty = false);
// Waits for pid; returns the raw wait status.
int wait_process(pid_t pid);
// Runs argv with stdin and stderr on /dev/null and returns its stdout; *status gets the raw
// wait status.
std::string capture_output(const std::vector<std::string>& argv, int* status);
// Docker's code for a wait status: the status, or 128+signal.
int status_code(int status);
// Reads one "\n"-terminated line (without it); "" at EOF; throws on timeout.
std::string read_line(int fd, std::chrono::milliseconds timeout);
// The json "msg" of the last error entry in a runc --log-format json log.
std::string last_runc_error(const std::string& log);

}  // namespace strata::runtime
