#include "shim/runc.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "shim/util.h"

namespace strata::shim {
namespace {

// Decodes the JSON string whose body starts at s[i]; stops at the closing quote.
std::string json_string(std::string_view s, size_t i) {
  std::string out;
  for (; i < s.size() && s[i] != '"'; ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        unsigned v = 0;
        for (int k = 0; k < 4 && i + 1 < s.size(); ++k) {
          char h = s[++i];
          v = v * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (v < 0x80) {
          out += static_cast<char>(v);
        } else if (v < 0x800) {
          out += static_cast<char>(0xC0 | v >> 6);
          out += static_cast<char>(0x80 | (v & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | v >> 12);
          out += static_cast<char>(0x80 | (v >> 6 & 0x3F));
          out += static_cast<char>(0x80 | (v & 0x3F));
        }
        break;
      }
      default: out += c;  // \" \\ \/
    }
  }
  return out;
}

}  // namespace

std::string last_runc_error(std::string_view log) {
  std::string msg;
  size_t pos = 0;
  while (pos < log.size()) {
    size_t end = log.find('\n', pos);
    if (end == std::string_view::npos) end = log.size();
    std::string_view line = log.substr(pos, end - pos);
    pos = end + 1;
    if (line.find("\"level\":\"error\"") == std::string_view::npos) continue;
    size_t m = line.find("\"msg\":\"");
    if (m != std::string_view::npos) msg = json_string(line, m + 7);
  }
  return msg;
}

int init_pid_from_state(std::string_view state) {
  constexpr std::string_view key = "\"init_process_pid\":";
  size_t at = state.find(key);
  if (at == std::string_view::npos) return -1;
  int pid = 0;
  for (size_t i = at + key.size(); i < state.size() && state[i] >= '0' && state[i] <= '9'; ++i)
    pid = pid * 10 + (state[i] - '0');
  return pid > 0 ? pid : -1;
}

void runc_delete(const char* runtime, const char* root, const char* id) {
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  std::vector<const char*> argv{runtime, "--root", root, "delete", "--force", id};
  int pid = spawn(argv, devnull, devnull, devnull);
  if (pid > 0) wait_status(pid);
  ::close(devnull);
}

bool delete_stopped(const char* root, const char* id, const char* cgroup) {
  // cgroup v1: one directory per hierarchy (symlinks like cpu -> cpu,cpuacct
  // are skipped); v2 or the hybrid's unified tree: /sys/fs/cgroup[/unified].
  DIR* d = ::opendir("/sys/fs/cgroup");
  if (!d) return false;
  bool ok = true;
  std::string tail = cgroup[0] == '/' ? cgroup : std::string("/") + cgroup;
  ok = (::rmdir(("/sys/fs/cgroup" + tail).c_str()) == 0 || errno == ENOENT) && ok;
  while (dirent* e = ::readdir(d)) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    std::string path = std::string("/sys/fs/cgroup/") + e->d_name + tail;
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) ok = false;
  }
  ::closedir(d);
  if (!ok) return false;
  std::string state = std::string(root) + "/" + id;
  DIR* sd = ::opendir(state.c_str());
  if (!sd) return errno == ENOENT;
  while (dirent* e = ::readdir(sd))
    if (e->d_name[0] != '.' || (e->d_name[1] && (e->d_name[1] != '.' || e->d_name[2])))
      ::unlinkat(::dirfd(sd), e->d_name, 0);
  ::closedir(sd);
  return ::rmdir(state.c_str()) == 0;
}

}  // namespace strata::shim
