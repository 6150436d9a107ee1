// `runc exec` for Runtime::exec. With tty in the foreground runc drives the
// terminal itself, which needs a controlling terminal (/dev/tty); when the
// caller has none (scripts, CI), runc is run on a pty of ours instead whose
// master is pumped to the caller's stdio.
#pragma once
#include <filesystem>
#include <string>

#include "runtime/runtime.h"

namespace strata::runtime {

// The process given to `runc exec --process`: `base` (the container's config.json process) with
// spec's args, env (appended), cwd, user and terminal.
nlohmann::json exec_process(const nlohmann::json& base, const ExecSpec& spec);

int runc_exec(const std::filesystem::path& runc, const std::filesystem::path& root, const std::string& id,
              const ExecSpec& spec);

}  // namespace strata::runtime
