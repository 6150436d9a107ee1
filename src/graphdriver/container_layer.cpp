// Overlay2: container layers, `<id>-init` (Docker's init files) and read-write `<id>` on top of it.
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "graphdriver/layer_util.h"
#include "graphdriver/overlay2.h"

namespace strata::graphdriver {

using detail::make_dir;

void Overlay2::create_rw(const std::string& id, const std::string& image_top) {
  const std::string init_id = id + "-init";
  if (exists(id) || exists(init_id)) throw Error(Errc::conflict, "layer " + id + " already exists");
  std::vector<std::filesystem::path> image;
  std::string init_lower = lower_for_child(image_top, kMaxLowers - 1);  // checks image_top exists
  if (!image_top.empty()) {
    image = lower_dirs(image_top);
    image.insert(image.begin(), diff_dir(image_top));
  }
  auto tmp_init = home_ / (".tmp-" + init_id + "-" + random_hex(4));
  auto tmp_rw = home_ / (".tmp-" + id + "-" + random_hex(4));
  std::string init_link, rw_link;
  int placed = 0;  // 1: init renamed into place
  try {
    make_dir(tmp_init, 0701);
    make_dir(tmp_init / "diff", 0755);
    detail::populate_init(tmp_init / "diff", image);
    init_link = new_link_to(init_id);
    std::vector<std::filesystem::path> unsynced;  // repair_rw() rewrites them if a crash empties them
    write_meta(tmp_init, init_link, init_lower, image_top, &unsynced);
    detail::touch(tmp_init / "committed", 0600);  // the rw layer's parent
    make_dir(tmp_rw, 0701);
    make_dir(tmp_rw / "diff", 0755);
    make_dir(tmp_rw / "work", 0701);
    rw_link = new_link_to(id);
    write_meta(tmp_rw, rw_link, "l/" + init_link + (init_lower.empty() ? "" : ":" + init_lower), "", &unsynced);
    if (!rename_into_place(tmp_init, init_id)) throw Error(Errc::conflict, "layer " + init_id + " already exists");
    placed = 1;
    if (!rename_into_place(tmp_rw, id)) throw Error(Errc::conflict, "layer " + id + " already exists");
  } catch (...) {
    try {  // best effort: what is left is garbage for cleanup_temp()
      if (placed) remove(init_id);
      if (!placed && !init_link.empty()) ::unlink((home_ / "l" / init_link).c_str());
      if (!rw_link.empty()) ::unlink((home_ / "l" / rw_link).c_str());
      fs::remove_all(tmp_rw);
      fs::remove_all(tmp_init);
    } catch (...) {
    }
    throw;
  }
}

std::string Overlay2::ensure_link(const std::string& id, bool& fixed) {
  auto file = dir(id) / "link";
  std::string link = detail::read_optional(file);
  std::string want = "../" + id + "/diff";
  auto points_here = [&](const std::filesystem::path& l) {
    char buf[256];
    ssize_t n = ::readlink(l.c_str(), buf, sizeof buf);
    return n > 0 && std::string_view(buf, static_cast<size_t>(n)) == want;
  };
  if (link.size() == detail::kLinkLength && link.find('/') == std::string::npos && points_here(home_ / "l" / link))
    return link;
  link.clear();  // empty, garbage, or its l/ symlink is gone: find the symlink naming this layer
  for (const auto& e : std::filesystem::directory_iterator(home_ / "l"))
    if (e.path().filename().string().size() == detail::kLinkLength && points_here(e.path())) {
      link = e.path().filename();
      break;
    }
  if (link.empty()) link = new_link_to(id);
  fs::write_file_atomic(file, link, true);
  fixed = true;
  return link;
}

bool Overlay2::repair_rw(const std::string& id, const std::string& image_top) {
  const std::string init_id = id + "-init";
  if (!exists(id) || !exists(init_id)) throw Error(Errc::not_found, "no such layer: " + id);
  bool fixed = false;
  std::string init_link = ensure_link(init_id, fixed);
  ensure_link(id, fixed);
  std::string init_lower = lower_for_child(image_top, kMaxLowers - 1);
  auto ensure_lower = [&](const std::string& layer, const std::string& want) {
    auto file = dir(layer) / "lower";
    struct stat st {};
    bool present = ::lstat(file.c_str(), &st) == 0;
    if (want.empty()) {  // a layer on an empty image has no lower file
      if (present && ::unlink(file.c_str()) == 0) fixed = true;
      return;
    }
    if (present && detail::read_optional(file) == want) return;
    fs::write_file_atomic(file, want, true);
    fixed = true;
  };
  ensure_lower(init_id, init_lower);
  ensure_lower(id, "l/" + init_link + (init_lower.empty() ? "" : ":" + init_lower));
  return fixed;
}

void Overlay2::remove_rw(const std::string& id) {
  auto rw = detach(id);  // Docker's order: the rw layer first
  fs::remove_trees({rw, detach(id + "-init")});
}

}  // namespace strata::graphdriver
