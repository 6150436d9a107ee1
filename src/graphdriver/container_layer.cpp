// Overlay2: container layers, `<id>-init` (Docker's init files) and read-write `<id>` on top of it.
#include <unistd.h>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "graphdriver/layer_util.h"
#include "graphdriver/overlay2.h"

namespace strata::graphdriver {

using detail::make_dir;

void Overlay2::create_rw(const std::string& id, const std::string& image_top, bool durable) {
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
    std::vector<std::filesystem::path> to_sync;
    write_meta(tmp_init, init_link, init_lower, image_top, &to_sync);
    detail::touch(tmp_init / "committed", 0600);  // the rw layer's parent
    make_dir(tmp_rw, 0701);
    make_dir(tmp_rw / "diff", 0755);
    make_dir(tmp_rw / "work", 0701);
    rw_link = new_link_to(id);
    write_meta(tmp_rw, rw_link, "l/" + init_link + (init_lower.empty() ? "" : ":" + init_lower), "", &to_sync);
    if (durable) detail::sync_files(to_sync);
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

void Overlay2::remove_rw(const std::string& id) {
  auto rw = detach(id);  // Docker's order: the rw layer first
  fs::remove_trees({rw, detach(id + "-init")});
}

}  // namespace strata::graphdriver
