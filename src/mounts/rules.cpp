#include "mounts/rules.h"

#include <sys/mount.h>

#include <map>
#include <set>

#include "common/error.h"
#include "format/gofmt.h"

namespace strata::mounts {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) out.push_back(s.substr(start, i - start)), start = i + 1;
  return out;
}

std::string clean_path(const std::string& p) {
  if (p.empty()) return ".";
  bool abs = p[0] == '/';
  std::vector<std::string> parts;
  for (auto& part : split(p, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!abs) parts.push_back(part);
      continue;
    }
    parts.push_back(part);
  }
  std::string out = abs ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

namespace {
int group_of(const std::string& o) {
  static const std::map<std::string, int> groups = {
      {"rw", 0},      {"ro", 0},       {"z", 1},      {"Z", 1},      {"private", 2},    {"rprivate", 2},
      {"shared", 2},  {"rshared", 2},  {"slave", 2},  {"rslave", 2}, {"nocopy", 3},     {"consistent", 4},
      {"cached", 4},  {"delegated", 4}};
  auto it = groups.find(o);
  return it == groups.end() ? -1 : it->second;
}
}  // namespace

bool valid_mode(const std::string& mode) {
  if (mode.empty()) return true;
  int count[5] = {};
  for (auto& o : split(mode, ',')) {
    int g = group_of(o);
    if (g < 0 || ++count[g] > 1) return false;
  }
  return true;
}

bool mode_read_write(const std::string& mode) {
  if (!valid_mode(mode)) return false;
  for (auto& o : split(mode, ','))
    if (o == "ro") return false;
  return true;
}

std::string mode_propagation(const std::string& mode) {
  for (auto& o : split(mode, ','))
    if (group_of(o) == 2) return o;
  return "";
}

std::optional<bool> mode_copy_data(const std::string& mode) {
  for (auto& o : split(mode, ','))
    if (o == "nocopy") return false;
  return std::nullopt;
}

std::string absolute_error(const std::string& path) {
  if (!path.empty() && path[0] == '/') return "";
  return "invalid mount path: '" + path + "' mount path must be absolute";
}

std::string target_error(const std::string& target) {
  if (target.empty()) return "field Target must not be empty";
  if (clean_path(target) == "/") return "invalid specification: destination can't be '/'";
  return absolute_error(target);
}

std::string mount_config_error(const std::string& type, const std::string& msg) {
  return "invalid mount config for type " + format::go_quote(type) + ": " + msg;
}

std::optional<MountFlag> mount_flag(const std::string& o) {
  static const std::map<std::string, MountFlag> flags = {
      {"ro", {MS_RDONLY, false}},         {"rw", {MS_RDONLY, true}},
      {"suid", {MS_NOSUID, true}},        {"nosuid", {MS_NOSUID, false}},
      {"dev", {MS_NODEV, true}},          {"nodev", {MS_NODEV, false}},
      {"exec", {MS_NOEXEC, true}},        {"noexec", {MS_NOEXEC, false}},
      {"sync", {MS_SYNCHRONOUS, false}},  {"async", {MS_SYNCHRONOUS, true}},
      {"dirsync", {MS_DIRSYNC, false}},   {"remount", {MS_REMOUNT, false}},
      {"mand", {MS_MANDLOCK, false}},     {"nomand", {MS_MANDLOCK, true}},
      {"atime", {MS_NOATIME, true}},      {"noatime", {MS_NOATIME, false}},
      {"diratime", {MS_NODIRATIME, true}}, {"nodiratime", {MS_NODIRATIME, false}},
      {"bind", {MS_BIND, false}},         {"rbind", {MS_BIND | MS_REC, false}},
      {"unbindable", {MS_UNBINDABLE, false}}, {"runbindable", {MS_UNBINDABLE | MS_REC, false}},
      {"private", {MS_PRIVATE, false}},   {"rprivate", {MS_PRIVATE | MS_REC, false}},
      {"shared", {MS_SHARED, false}},     {"rshared", {MS_SHARED | MS_REC, false}},
      {"slave", {MS_SLAVE, false}},       {"rslave", {MS_SLAVE | MS_REC, false}},
      {"relatime", {MS_RELATIME, false}}, {"norelatime", {MS_RELATIME, true}},
      {"strictatime", {MS_STRICTATIME, false}}, {"nostrictatime", {MS_STRICTATIME, true}}};
  auto it = flags.find(o);
  if (it == flags.end()) return std::nullopt;
  return it->second;
}

bool is_propagation_flag(unsigned long f) {
  return (f & ~static_cast<unsigned long>(MS_REC)) & (MS_PRIVATE | MS_SHARED | MS_SLAVE | MS_UNBINDABLE);
}

ParsedOptions parse_mount_options(const std::string& options) {
  ParsedOptions p;
  for (auto& o : split(options, ',')) {
    if (o.empty()) continue;
    if (auto f = mount_flag(o)) {
      if (f->clear) p.flags &= ~f->flag;
      else p.flags |= f->flag;
    } else {
      p.data += (p.data.empty() ? "" : ",") + o;
    }
  }
  return p;
}

bool valid_tmpfs_data_key(const std::string& key) {
  static const std::set<std::string> keys = {"size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol"};
  return keys.count(key) > 0;
}

std::vector<std::string> merge_tmpfs_options(const std::vector<std::string>& user) {
  std::vector<std::string> all = {"noexec", "nosuid", "nodev", "rprivate"};
  all.insert(all.end(), user.begin(), user.end());
  std::set<unsigned long> flag_seen;
  std::set<std::string> data_seen;
  std::vector<std::string> out;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const std::string& o = *it;
    if (o == "defaults" || o.empty()) continue;
    if (auto f = mount_flag(o)) {
      unsigned long key = is_propagation_flag(f->flag) ? ~0UL : f->flag;
      if (flag_seen.insert(key).second) out.insert(out.begin(), o);
      continue;
    }
    auto kv = o.find('=');
    if (kv == std::string::npos || !valid_tmpfs_data_key(o.substr(0, kv))) {
      std::string quoted = format::go_quote(o.substr(0, kv));
      if (kv != std::string::npos) quoted += " " + format::go_quote(o.substr(kv + 1));
      throw Error(Errc::invalid_argument, "invalid tmpfs option [" + quoted + "]");
    }
    if (data_seen.insert(o.substr(0, kv)).second) out.insert(out.begin(), o);
  }
  return out;
}

}  // namespace strata::mounts
