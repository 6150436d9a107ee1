// Talking to runc: the create command line and its error log.
#pragma once
#include <string>
#include <string_view>

namespace strata::shim {

// The "msg" of the last error entry in runc's --log-format json log, or "".
std::string last_runc_error(std::string_view log);
// The container's host pid from runc's state.json ("init_process_pid":N), or -1.
int init_pid_from_state(std::string_view state_json);
// Runs `runc --root R delete --force ID` and waits for it.
void runc_delete(const char* runtime, const char* root, const char* id);
// What `runc delete` does for a stopped container: removes its cgroup in every
// hierarchy and runc's state dir. False (nothing is half done that runc
// delete cannot finish) when a cgroup is busy or anything else is unexpected.
bool delete_stopped(const char* root, const char* id, const char* cgroup);

}  // namespace strata::shim
