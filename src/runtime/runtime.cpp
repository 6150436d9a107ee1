// Free helpers of the runtime layer: exit file, error mapping, shim location.
#include "runtime/runtime.h"

#include <cstdlib>
#include <sstream>

#include "common/fs.h"

namespace strata::runtime {

std::optional<ExitInfo> read_exit_file(const std::filesystem::path& state_dir) {
  std::string text;
  try {
    text = fs::read_file(state_dir / "exit");
  } catch (const Error& e) {
    if (e.code() == Errc::not_found) return std::nullopt;
    throw;
  }
  std::istringstream in(text);
  ExitInfo info;
  if (!(in >> info.code >> info.finished_at)) throw Error(Errc::system, "malformed exit file in " + state_dir.string());
  return info;
}

Errc classify_runtime_error(const std::string& message, const std::string& cmd) {
  auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
  if (has("permission denied")) return Errc::cannot_invoke;
  if (has("executable file not found")) return Errc::command_not_found;
  if (has("no such file or directory") && (cmd.empty() || message.find(cmd) != std::string::npos))
    return Errc::command_not_found;
  if (has("not a directory")) return Errc::command_not_found;
  return Errc::system;
}

std::filesystem::path default_shim_path() {
  if (const char* env = std::getenv("STRATA_SHIM"); env && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error(Errc::system, "cannot locate strata-shim: " + ec.message());
  return self.parent_path() / "strata-shim";
}

}  // namespace strata::runtime
