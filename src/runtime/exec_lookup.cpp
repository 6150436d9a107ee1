#include "runtime/exec_lookup.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "common/error.h"
#include "common/rootfs.h"

namespace strata::runtime {

namespace {
enum class Found { ok, missing, denied };

Found check(const std::filesystem::path& root, const std::string& path) {
  struct stat st {};
  try {
    auto fd = rootfs::open_in_root(root, path, O_PATH);
    if (::fstat(fd.get(), &st) != 0) return Found::missing;
  } catch (const Error&) {
    return Found::missing;
  }
  return !S_ISDIR(st.st_mode) && (st.st_mode & 0111) ? Found::ok : Found::denied;
}
}  // namespace

std::string exec_lookup_error(const std::filesystem::path& root, const std::string& cmd,
                              const std::vector<std::string>& env, const std::string& cwd) {
  std::string quoted = "exec: \"" + cmd + "\": ";
  if (cmd.find('/') != std::string::npos) {
    std::string path = cmd[0] == '/' ? cmd : (cwd.empty() ? "/" : cwd) + "/" + cmd;
    switch (check(root, path)) {
      case Found::ok: return "";
      case Found::denied: return quoted + "permission denied";
      case Found::missing: return quoted + "stat " + cmd + ": no such file or directory";
    }
  }
  std::string search = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (auto& e : env)
    if (e.rfind("PATH=", 0) == 0) search = e.substr(5);
  bool denied = false;
  for (size_t start = 0; start <= search.size();) {
    size_t colon = search.find(':', start);
    std::string dir = search.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    start = colon == std::string::npos ? search.size() + 1 : colon + 1;
    if (dir.empty()) dir = cwd.empty() ? "/" : cwd;  // Go: an empty element is "."
    else if (dir[0] != '/') dir = (cwd.empty() ? "/" : cwd) + "/" + dir;
    Found f = check(root, dir + "/" + cmd);
    if (f == Found::ok) return "";
    denied |= f == Found::denied;
  }
  return quoted + (denied ? "permission denied" : "executable file not found in $PATH");
}

}  // namespace strata::runtime
