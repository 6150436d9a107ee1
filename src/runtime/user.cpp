// resolve_user: Docker's USER lookup (runc's GetExecUser rules) inside a rootfs.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <optional>
#include <sstream>

#include "common/error.h"
#include "common/fd.h"
#include "runtime/spec.h"

namespace strata::runtime {
namespace {

constexpr long kMaxId = 2147483647;

// A regular file of the rootfs, resolved as if the rootfs were "/". Missing or
// not a regular file: no entries, like runc.
std::string read_in_root(const std::filesystem::path& rootfs, const char* rel) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open rootfs " + rootfs.string());
  open_how how{};
  how.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, root.get(), rel, &how, sizeof how)));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  std::string out;
  char buf[8192];
  ssize_t n;
  while (out.size() < (64u << 20) && (n = ::read(fd.get(), buf, sizeof buf)) > 0) out.append(buf, n);
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string f;
  std::istringstream in(s);
  while (std::getline(in, f, sep)) out.push_back(f);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::optional<long> parse_id(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stol(s);
}

struct Entry {
  std::string name;
  long id = 0, gid = 0;
  std::vector<std::string> members;
};

// passwd: name:pw:uid:gid:...  group: name:pw:gid:user,user
std::vector<Entry> parse(const std::string& text, bool group) {
  std::vector<Entry> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto f = split(line, ':');
    if (f.size() < 3 || !parse_id(f[2])) continue;
    Entry e{f[0], *parse_id(f[2]), 0, {}};
    if (!group && f.size() > 3) e.gid = parse_id(f[3]).value_or(0);
    if (group && f.size() > 3 && !f[3].empty()) e.members = split(f[3], ',');
    out.push_back(std::move(e));
  }
  return out;
}

void check_range(long id) {
  if (id < 0 || id > kMaxId) throw Error(Errc::invalid_argument, "uids and gids must be in range 0-2147483647");
}

}  // namespace

void resolve_user(const std::filesystem::path& rootfs, const std::string& user, ProcessSpec& p) {
  size_t colon = user.find(':');
  std::string uarg = user.substr(0, colon);
  std::string garg = colon == std::string::npos ? "" : user.substr(colon + 1);
  std::optional<long> unum = parse_id(uarg);
  long uid = 0, gid = 0;
  std::string matched;
  for (const Entry& e : parse(read_in_root(rootfs, "etc/passwd"), false)) {
    if (uarg.empty() ? e.id == 0 : unum ? e.id == *unum : e.name == uarg) {
      uid = e.id, gid = e.gid, matched = e.name;
      break;
    }
  }
  if (matched.empty() && !uarg.empty()) {
    if (!unum) throw Error(Errc::invalid_argument, "unable to find user " + uarg + ": no matching entries in passwd file");
    uid = *unum;
  }
  check_range(uid);
  std::vector<uint32_t> sgids;
  if (!garg.empty() || !matched.empty()) {
    bool found = false;
    for (const Entry& g : parse(read_in_root(rootfs, "etc/group"), true)) {
      if (garg.empty()) {
        for (const auto& m : g.members)
          if (m == matched) sgids.push_back(static_cast<uint32_t>(g.id));
      } else if (!found && (g.name == garg || std::to_string(g.id) == garg)) {
        gid = g.id, found = true;
      }
    }
    if (!garg.empty() && !found) {
      std::optional<long> gnum = parse_id(garg);
      if (!gnum) throw Error(Errc::invalid_argument, "unable to find group " + garg + ": no matching entries in group file");
      gid = *gnum;
    }
  }
  check_range(gid);
  p.uid = static_cast<uint32_t>(uid);
  p.gid = static_cast<uint32_t>(gid);
  // Docker's getUser: the primary group first, then the user's groups from /etc/group (so `id`
  // shows groups=GID even for a user in no group).
  sgids.insert(sgids.begin(), static_cast<uint32_t>(gid));
  p.additional_gids = std::move(sgids);
}

}  // namespace strata::runtime
