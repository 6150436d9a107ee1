// `runc exec -t` in the foreground opens /dev/tty: without a controlling
// terminal (scripts, CI) it fails. Then runc gets one of ours: a pty whose
// slave is its controlling terminal and stdio, pumped to the caller's stdio.
#pragma once
#include <string>
#include <vector>

namespace strata::runtime {

// True if this process has a controlling terminal.
bool has_controlling_terminal();
// Runs argv (runc exec -t ...) on a new pty as described; keep_fd stays open
// in it. Returns the wait status.
int run_on_pty(const std::vector<std::string>& argv, int keep_fd);

}  // namespace strata::runtime
