// Talking to runc: the create command line and its error log.
#pragma once
#include <string>
#include <string_view>

namespace strata::shim {

// The "msg" of the last error entry in runc's --log-format json log, or "".
std::string last_runc_error(std::string_view log);
// Runs `runc --root R delete --force ID` and waits for it.
void runc_delete(const char* runtime, const char* root, const char* id);

}  // namespace strata::shim
