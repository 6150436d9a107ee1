// Restart policies (--restart no|always|unless-stopped|on-failure[:N]) with
// Docker's parsing, validation and error texts, and Docker's rules for when a
// container comes back: when its process exits on its own (the monitor's exit
// path) and after a reboot (`start --all-restartable`, as dockerd's start-up).
#pragma once
#include <chrono>
#include <string>

#include "container/container.h"

namespace strata::container {

// HostConfig.RestartPolicy {Name, MaximumRetryCount} for the flag's value;
// throws invalid_argument with Docker's texts. With --rm any policy other
// than none is "Conflicting options: --restart and --rm".
Json parse_restart_policy(const std::string& flag, bool auto_remove);

enum class RestartWhen { on_exit, at_boot };
// Whether the policy brings the (exited) container back.
bool should_restart(const Container& c, RestartWhen when);
// Docker's back-off before an exit-path restart: 100 ms doubling per
// consecutive restart, at most a minute; reset once a run lasted 10 s.
std::chrono::milliseconds restart_delay(const Container& c);

}  // namespace strata::container
