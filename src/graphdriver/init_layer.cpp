// Docker's init layer (daemon/initlayer/setup_unix.go), written straight into the new layer's diff
// instead of through a mount: the image is looked up layer by layer, as overlayfs would.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <map>

#include "common/error.h"
#include "graphdriver/layer_util.h"

namespace strata::graphdriver::detail {
namespace {

enum class Kind { absent, dir, other };
struct Found {
  Kind kind = Kind::absent;
  struct stat st {};
};

bool opaque(const std::filesystem::path& dir) {
  char v[2];
  return ::lgetxattr(dir.c_str(), "trusted.overlay.opaque", v, sizeof v) == 1 && v[0] == 'y';
}

// Paths in the image's merged view, looked up as overlayfs would: per component, the topmost
// layer holding it wins; a whiteout or a non-dir hides the layers below, an opaque dir hides those
// below it. Each directory level is looked up once (etc/hosts, etc/hostname... share "etc"), so a
// 125-layer image costs one lstat per layer per top-level name, not one per entry.
class MergedView {
 public:
  explicit MergedView(const std::vector<std::filesystem::path>& lowers) { levels_[""] = {{Kind::dir, {}}, lowers}; }

  Found find(const std::filesystem::path& rel) {
    std::string key;
    const Level* at = &levels_[""];
    for (const auto& comp : rel) {
      if (at->found.kind != Kind::dir) return {};  // a parent is absent or not a dir: nothing below it
      std::string child = key.empty() ? comp.string() : key + "/" + comp.string();
      auto it = levels_.find(child);
      if (it == levels_.end()) it = levels_.emplace(child, descend(*at, comp)).first;
      at = &it->second;
      key = std::move(child);
    }
    return at->found;
  }

 private:
  struct Level {
    Found found;
    std::vector<std::filesystem::path> layers;  // the dirs making up this path, topmost first
  };

  static Level descend(const Level& parent, const std::filesystem::path& comp) {
    Level out;
    for (const auto& l : parent.layers) {
      auto p = l / comp;
      struct stat st {};
      if (::lstat(p.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) continue;
        throw_errno("stat " + p.string());
      }
      if (S_ISCHR(st.st_mode) && st.st_rdev == 0) break;  // whiteout
      if (out.found.kind == Kind::absent) out.found = {S_ISDIR(st.st_mode) ? Kind::dir : Kind::other, st};
      if (!S_ISDIR(st.st_mode)) break;
      out.layers.push_back(p);
      if (opaque(p)) break;
    }
    return out;
  }

  std::map<std::string, Level> levels_;
};

struct Entry {
  const char* path;
  char type;  // 'd' dir, 'f' empty 0755 file, 'l' symlink to target
  const char* target = nullptr;
};
constexpr Entry kEntries[] = {
    {"dev/pts", 'd'},         {"dev/shm", 'd'},   {"proc", 'd'},          {"sys", 'd'},
    {".dockerenv", 'f'},      {"etc/resolv.conf", 'f'}, {"etc/hosts", 'f'}, {"etc/hostname", 'f'},
    {"dev/console", 'f'},     {"etc/mtab", 'l', "/proc/mounts"},
};

}  // namespace

void populate_init(const std::filesystem::path& diff, const std::vector<std::filesystem::path>& lowers) {
  MergedView image(lowers);
  std::map<std::string, Found> parents;  // made in diff; image dirs get their attributes at the end
  for (const Entry& e : kEntries) {
    std::filesystem::path rel = e.path;
    if (image.find(rel).kind != Kind::absent) continue;  // the image's own file/dir/link wins
    std::filesystem::path parent = rel.parent_path();
    if (!parent.empty() && !parents.count(parent)) {
      Found f = image.find(parent);
      if (f.kind == Kind::other) continue;  // e.g. /etc is a symlink in the image: leave it alone
      make_dir(diff / parent, 0755);
      parents[parent] = f;
    }
    auto p = diff / rel;
    if (e.type == 'd') {
      make_dir(p, 0755);
    } else if (e.type == 'f') {
      touch(p, 0755);
    } else if (::symlink(e.target, p.c_str()) != 0) {
      throw_errno("symlink " + p.string());
    }
  }
  // Image dirs copied into the init layer keep the image's owner, mode and times, so the merged
  // view (and `diff`) sees them unchanged. Set last: creating children changes the mtime.
  for (const auto& [rel, f] : parents) {
    if (f.kind != Kind::dir) continue;
    auto p = diff / rel;
    const struct stat& st = f.st;
    if (::lchown(p.c_str(), st.st_uid, st.st_gid) != 0) throw_errno("chown " + p.string());
    if (::chmod(p.c_str(), st.st_mode & 07777) != 0) throw_errno("chmod " + p.string());
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(AT_FDCWD, p.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) throw_errno("utimes " + p.string());
  }
}

}  // namespace strata::graphdriver::detail
