// Overlay2: creating image layers, and the steps shared with container layers. Each layer is
// built under home/.tmp-* and renamed into place last.
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "graphdriver/layer_util.h"
#include "graphdriver/overlay2.h"

namespace strata::graphdriver {

using detail::make_dir;

std::string Overlay2::lower_for_child(const std::string& parent, size_t max_lowers) const {
  if (parent.empty()) return "";
  if (!exists(parent)) throw Error(Errc::not_found, "no such layer: " + parent);
  std::string link = fs::read_file(dir(parent) / "link");
  if (link.size() != detail::kLinkLength || link.find('/') != std::string::npos)
    throw Error(Errc::system, "layer " + parent + ": corrupt link file");
  std::string lower = detail::read_optional(dir(parent) / "lower");
  lower = "l/" + link + (lower.empty() ? "" : ":" + lower);
  size_t n = 1 + std::count(lower.begin(), lower.end(), ':');
  if (n > max_lowers)
    throw Error(Errc::invalid_argument, "max depth exceeded: a layer on " + parent + " would have " +
                                            std::to_string(n) + " lower layers, at most " +
                                            std::to_string(max_lowers) + " fit under a container");
  return lower;
}

std::string Overlay2::new_link_to(const std::string& id) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string link = detail::new_link_name();
    if (::symlink(("../" + id + "/diff").c_str(), (home_ / "l" / link).c_str()) == 0) return link;
    if (errno != EEXIST) throw_errno("symlink " + (home_ / "l" / link).string());
  }
  throw Error(Errc::system, "cannot create a unique link name in " + (home_ / "l").string());
}

void Overlay2::write_meta(const std::filesystem::path& tmp, const std::string& link, const std::string& lower,
                          const std::string& parent, std::vector<std::filesystem::path>* to_sync) {
  // Synced before the rename into place (an empty link or lower after a crash is moby#42964).
  fs::write_file_atomic(tmp / "link", link, false);
  to_sync->push_back(tmp / "link");
  if (!lower.empty()) {
    fs::write_file_atomic(tmp / "lower", lower, false);
    to_sync->push_back(tmp / "lower");
  }
  if (!parent.empty()) detail::touch(dir(parent) / "committed", 0600);  // as Docker's create() does
}

bool Overlay2::rename_into_place(const std::filesystem::path& tmp, const std::string& id) {
  if (::rename(tmp.c_str(), dir(id).c_str()) == 0) return true;
  if (errno == ENOTEMPTY || errno == EEXIST) return false;
  throw_errno("rename " + tmp.string() + " to " + dir(id).string());
}

std::filesystem::path Overlay2::new_layer_dir() {
  auto tmp = home_ / (".tmp-layer-" + random_hex(8));
  make_dir(tmp, 0701);
  try {
    make_dir(tmp / "diff", 0755);
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  return tmp;
}

void Overlay2::commit_layer(const std::filesystem::path& tmp, const std::string& id, const std::string& parent) {
  if (tmp.parent_path() != home_ || tmp.filename().string().rfind(".tmp-", 0) != 0)
    throw Error(Errc::invalid_argument, "not a directory from new_layer_dir(): " + tmp.string());
  std::string link;
  try {
    if (!exists(id)) {  // validates id
      // An image may be kMaxLowers-1 layers deep: the container's init layer takes the last place.
      std::string lower = lower_for_child(parent, kMaxLowers - 2);
      link = new_link_to(id);
      std::vector<std::filesystem::path> to_sync;
      write_meta(tmp, link, lower, parent, &to_sync);
      detail::sync_files(to_sync);
      if (rename_into_place(tmp, id)) return;
    }
  } catch (...) {
    if (!link.empty()) ::unlink((home_ / "l" / link).c_str());
    try {
      fs::remove_all(tmp);
    } catch (...) {  // left for cleanup_temp()
    }
    throw;
  }
  // The same layer is already there (imported twice, maybe concurrently): ours is redundant.
  if (!link.empty()) ::unlink((home_ / "l" / link).c_str());
  fs::remove_all(tmp);
}

}  // namespace strata::graphdriver
