// Overlay2: construction, lookups and removal. Creation is in layer_create.cpp, mounting in
// overlay2_mount.cpp.
#include "graphdriver/overlay2.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"
#include "graphdriver/layer_util.h"

namespace strata::graphdriver {

using detail::read_optional;

namespace {
void ensure_dir(const std::filesystem::path& p, mode_t mode) {
  if (::mkdir(p.c_str(), mode) != 0 && errno != EEXIST) throw_errno("mkdir " + p.string());
}
// Layer dirs are spread over the filesystem's block groups as top-level dirs are (ext4's Orlov
// allocator; `chattr +T`). Otherwise each new layer lands in the group of the last one removed,
// and ext4 without a journal makes every new inode there first skip, one by one, the inodes freed
// in the last 30 s (find_inode_bit -> recently_deleted): a 6-layer load right after an rmi took
// 22 s instead of 3.6 s. A hint only: other filesystems refuse the flag, nothing else changes.
void mark_top_dir(const std::filesystem::path& p) {
  UniqueFd fd(::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  int flags = 0;
  if (!fd.valid() || ::ioctl(fd.get(), FS_IOC_GETFLAGS, &flags) != 0 || (flags & FS_TOPDIR_FL)) return;
  flags |= FS_TOPDIR_FL;
  ::ioctl(fd.get(), FS_IOC_SETFLAGS, &flags);
}
std::string module_param(const char* name) {
  return read_optional(std::string("/sys/module/overlay/parameters/") + name).substr(0, 1);
}
}  // namespace

Overlay2::Overlay2(std::filesystem::path home, std::unique_ptr<Mounter> m)
    : home_(std::filesystem::absolute(home).lexically_normal()), mounter_(std::move(m)) {
  if (!home_.has_filename()) home_ = home_.parent_path();  // a trailing '/'
  std::filesystem::create_directories(home_.parent_path());
  ensure_dir(home_, 0701);
  ensure_dir(home_ / "l", 0701);
  mark_top_dir(home_);
  // Like Docker: no inodes index (layers are reused under many uppers). And keep the upper a plain
  // tree that walk_changes can read: no redirects, no metacopy, if the module enables them.
  if (std::filesystem::exists("/sys/module/overlay/parameters/index")) option_prefix_ += "index=off,";
  if (module_param("redirect_dir") == "Y") option_prefix_ += "redirect_dir=off,";
  if (module_param("metacopy") == "Y") option_prefix_ += "metacopy=off,";
}

std::filesystem::path Overlay2::dir(const std::string& id) const {
  if (id.empty() || id == "l" || id[0] == '.' || id.find('/') != std::string::npos || id.size() > 200)
    throw Error(Errc::invalid_argument, "invalid layer id: \"" + id + "\"");
  return home_ / id;
}

bool Overlay2::exists(const std::string& id) const {
  struct stat st {};
  return ::lstat(dir(id).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::filesystem::path Overlay2::diff_dir(const std::string& id) const { return dir(id) / "diff"; }

std::vector<std::filesystem::path> Overlay2::lower_dirs(const std::string& id) const {
  auto d = dir(id);
  if (!exists(id)) throw Error(Errc::not_found, "no such layer: " + id);
  std::string lower = read_optional(d / "lower");
  std::vector<std::filesystem::path> out;
  for (size_t start = 0; start < lower.size();) {
    size_t end = std::min(lower.find(':', start), lower.size());
    std::string name = lower.substr(start, end - start);
    start = end + 1;
    char buf[256];
    ssize_t n = name.size() == 2 + detail::kLinkLength && name.rfind("l/", 0) == 0
                    ? ::readlink((home_ / name).c_str(), buf, sizeof buf)
                    : -1;
    std::string target = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    // Targets look like "../<id>/diff".
    if (target.size() < 9 || target.rfind("../", 0) != 0 || target.substr(target.size() - 5) != "/diff")
      throw Error(Errc::system, "layer " + id + ": broken lower link \"" + name + "\" in " + (d / "lower").string());
    out.push_back(home_ / target.substr(3));
  }
  return out;
}

LayerPaths Overlay2::paths(const std::string& id) const {
  LayerPaths p;
  for (const auto& l : lower_dirs(id)) p.lower_dir += (p.lower_dir.empty() ? "" : ":") + l.string();
  p.upper_dir = (dir(id) / "diff").string();
  p.work_dir = (dir(id) / "work").string();
  p.merged_dir = (dir(id) / "merged").string();
  return p;
}

void Overlay2::remove(const std::string& id) {
  auto trash = detach(id);
  if (!trash.empty()) fs::remove_all(trash);
}

std::filesystem::path Overlay2::detach(const std::string& id) {
  auto d = dir(id);
  if (!exists(id)) return {};
  if (detail::is_mounted(d / "merged")) throw Error(Errc::conflict, "layer " + id + " is mounted");
  std::string link = read_optional(d / "link");
  // Rename first: the layer disappears at once; the rest is garbage cleanup_temp() would also take.
  auto trash = home_ / (".tmp-rm-" + id + "-" + random_hex(4));
  if (::rename(d.c_str(), trash.c_str()) != 0) {
    if (errno == ENOENT) return {};
    throw_errno("rename " + d.string());
  }
  if (link.size() == detail::kLinkLength && link.find('/') == std::string::npos) {
    auto l = home_ / "l" / link;
    char buf[256];
    ssize_t n = ::readlink(l.c_str(), buf, sizeof buf);
    if (n > 0 && std::string(buf, n) == "../" + id + "/diff") ::unlink(l.c_str());
  }
  return trash;
}

void Overlay2::cleanup_temp() {
  for (const auto& e : std::filesystem::directory_iterator(home_))
    if (e.path().filename().string().rfind(".tmp-", 0) == 0) fs::remove_all(e.path());
  for (const auto& e : std::filesystem::directory_iterator(home_ / "l")) {
    struct stat st {};
    if (::stat(e.path().c_str(), &st) != 0 && errno == ENOENT) ::unlink(e.path().c_str());
  }
}

}  // namespace strata::graphdriver
