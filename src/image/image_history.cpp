// history: Docker's ImageHistory — one row per history entry of the config, newest first, with
// the size of the layer it made; image IDs filled in by walking the Parent links.
#include "common/error.h"
#include "image/image_service.h"

namespace strata::image {

std::vector<HistoryEntry> ImageService::history(const std::string& ref) {
  ImageRecord img = store_.resolve(ref);
  Json cfg = Json::parse(img.config);
  auto diff_ids = cfg.value("rootfs", Json::object()).value("diff_ids", std::vector<std::string>{});
  std::vector<HistoryEntry> out;
  std::string chain;
  size_t layer = 0;
  for (const Json& h : cfg.value("history", Json::array())) {
    HistoryEntry e;
    e.id = "<missing>";
    e.created = h.value("created", "");
    e.created_by = h.value("created_by", "");
    e.comment = h.value("comment", "");
    if (!h.value("empty_layer", false) && layer < diff_ids.size()) {
      chain = chain_id(chain, diff_ids[layer++]);
      if (auto l = store_.layer(chain)) e.size = l->size;
    }
    out.insert(out.begin(), std::move(e));
  }
  std::optional<ImageRecord> cur = img;
  for (auto& e : out) {
    e.id = cur->id;
    e.tags = cur->tags;
    if (cur->parent.empty() || !(cur = store_.find(cur->parent))) break;
  }
  return out;
}

}  // namespace strata::image
