// image prune: Docker's ImagesPrune — dangling images (no tag, no child), or with --all every
// image not in use; each removal as rmi would do it (untagged parents go too), conflicts skipped.
#include "common/error.h"
#include "common/fault.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::image {

PruneResult ImageService::prune(bool all) {
  PruneResult res;
  auto intent = db_.journal().begin("image prune");
  std::vector<ImageRecord> candidates;
  for (auto& img : store_.list()) {
    bool has_children = !store_.children(img.id).empty();
    if (!all && has_children) continue;              // only heads are dangling
    if (img.tags.empty() && has_children) continue;  // an intermediate image: its child keeps it
    if (!all && !img.tags.empty()) continue;
    candidates.push_back(img);
  }
  for (auto& img : candidates) {
    std::vector<std::string> refs = img.tags;
    if (refs.empty()) refs.push_back(img.id);
    for (auto& ref : refs) {
      std::vector<LayerRecord> gone;
      try {
        std::vector<std::string> lines;
        db_.transaction([&] {
          gone.clear();
          if (!store_.find(ref)) return;  // went with an earlier one
          lines = remove_locked(ref, false, &gone);
        });
        for (auto& l : lines) {
          // The CLI prints Docker's lower-case record names.
          if (l.rfind("Untagged: ", 0) == 0) res.lines.push_back("untagged: " + l.substr(10));
          else if (l.rfind("Deleted: ", 0) == 0) res.lines.push_back("deleted: " + l.substr(9));
        }
      } catch (const Error& e) {
        if (e.code() != Errc::conflict) throw;
        continue;  // in use: kept, as Docker does
      }
      STRATA_FAULT("image-prune.committed");
      for (auto& l : gone) {
        res.reclaimed += static_cast<uint64_t>(l.size);
        driver_.remove(l.cache_id);
      }
    }
  }
  return res;
}

}  // namespace strata::image
