// Finds an exec's command the way runc does inside the container (Go's exec.LookPath over the
// process's PATH), before runc is called: a command that cannot start fails with runc's own
// words in one line, instead of runc's message on the terminal plus ours.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace strata::runtime {

// `root`: the container's root as its processes see it (/proc/<pid>/root, volumes included).
// `env`: the process's KEY=VALUE list (its PATH is searched; Docker's default when absent).
// Returns "" when `cmd` can start, else runc's text: exec: "x": executable file not found in $PATH.
std::string exec_lookup_error(const std::filesystem::path& root, const std::string& cmd,
                              const std::vector<std::string>& env, const std::string& cwd);

}  // namespace strata::runtime
