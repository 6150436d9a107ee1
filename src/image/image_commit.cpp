// commit: a writable layer becomes a new image on top of its parent, as Docker's CommitImage and
// NewChildImage make it. The layer is copied in the same pass that hashes its tar (write_tar with
// copy_to): the data is read once, and no tar is written to disk and unpacked again.
#include <chrono>

#include "archive/diff_tar.h"
#include "common/error.h"
#include "common/fault.h"
#include "common/fs.h"
#include "common/id.h"
#include "format/human.h"
#include "format/json.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::image {

namespace {

Json child_config(const Json& parent, const CommitRequest& r, const std::vector<std::string>& diff_ids,
                  const std::string& created, bool empty_layer) {
  Json hist = {{"created", created}};
  if (!r.author.empty()) hist["author"] = r.author;
  if (!r.created_by.empty()) hist["created_by"] = r.created_by;
  if (!r.comment.empty()) hist["comment"] = r.comment;
  if (empty_layer) hist["empty_layer"] = true;
  Json history = parent.value("history", Json::array());
  history.push_back(hist);
  // Docker marshals the image through a map: top-level keys come out sorted.
  Json c;
  c["architecture"] = parent.value("architecture", new_config({}, created)["architecture"].get<std::string>());
  if (!r.author.empty()) c["author"] = r.author;
  c["config"] = r.config;
  if (!r.container_id.empty()) c["container"] = r.container_id;
  if (!r.container_config.is_null()) c["container_config"] = r.container_config;
  c["created"] = created;
  c["history"] = history;
  c["os"] = parent.value("os", "linux");
  c["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
  if (parent.contains("variant")) c["variant"] = parent["variant"];
  return c;
}

}  // namespace

ImageService::NewLayer ImageService::prepare_layer(const std::filesystem::path& upper, const std::string& parent_chain) {
  NewLayer n;
  n.parent = parent_chain.empty() ? std::nullopt : store_.layer(parent_chain);
  if (!parent_chain.empty() && !n.parent) throw Error(Errc::not_found, "no such layer: " + parent_chain);
  if (upper.empty() || std::filesystem::is_empty(upper)) return n;  // no change: no layer
  // Refused before anything is copied.
  size_t depth = parent_chain.empty() ? 0 : store_.layers(parent_chain).size();
  if (depth >= kMaxImageLayers)
    throw Error(Errc::invalid_argument, "max depth exceeded: the image would have " + std::to_string(depth + 1) +
                                            " layers; a container can stack at most " + std::to_string(kMaxImageLayers) +
                                            " (overlayfs' 500 lower layers, one of them the container's init layer)");
  n.tmp = driver_.new_layer_dir();
  try {
    archive::TarOptions o;
    o.overlay_whiteouts = true;
    o.copy_to = n.tmp / "diff";
    archive::TarResult tar = archive::write_tar(upper, -1, o);
    if (tar.digest == kEmptyLayerDiffId) {
      fs::remove_all(n.tmp);
      n.tmp.clear();
      return n;
    }
    n.record = {chain_id(parent_chain, tar.digest), tar.digest, parent_chain, "", static_cast<int64_t>(tar.content_size),
                static_cast<int64_t>(tar.size)};
    n.record.cache_id = n.record.chain_id.substr(7);
  } catch (...) {
    fs::remove_all(n.tmp);
    throw;
  }
  return n;
}

void ImageService::place_layer(NewLayer& n) {
  if (n.tmp.empty() || store_.layer(n.record.chain_id)) return;  // none, or the same change made before: shared
  driver_.commit_layer(n.tmp, n.record.cache_id, n.parent ? n.parent->cache_id : "");
  n.placed = true;
  store_.insert_layer(n.record);
}

std::string ImageService::commit(const CommitRequest& req) {
  Json parent = Json::object();
  std::string parent_id, parent_chain;
  if (!req.parent_image.empty()) {
    auto p = store_.resolve(req.parent_image);
    parent = Json::parse(p.config);
    parent_id = p.id;
    parent_chain = p.top_layer;
  }
  auto intent = db_.journal().begin("commit");
  NewLayer n = prepare_layer(req.upper, parent_chain);
  std::string id;
  try {
    STRATA_FAULT("commit.prepared");
    auto diff_ids = parent.value("rootfs", Json::object()).value("diff_ids", std::vector<std::string>{});
    const bool empty = n.tmp.empty();
    if (!empty) diff_ids.push_back(n.record.diff_id);
    std::string created = format::time_rfc3339nano(std::chrono::system_clock::now());
    std::string text = format::json_compact(child_config(parent, req, diff_ids, created, empty), true);
    ImageRecord img{sha256_digest(text), text, empty ? parent_chain : n.record.chain_id, created, {}, 0, parent_id};
    db_.transaction([&] {
      place_layer(n);
      store_.insert_image(img);
      if (req.tag) store_.set_tag(*req.tag, img.id);
      STRATA_FAULT("commit.renamed");
    });
    id = img.id;
  } catch (...) {
    if (n.placed) driver_.remove(n.record.cache_id);  // rolled back: the renamed layer has no record
    if (!n.tmp.empty()) fs::remove_all(n.tmp);
    throw;
  }
  STRATA_FAULT("commit.committed");  // after the commit: the records own the layer now
  if (!n.tmp.empty()) fs::remove_all(n.tmp);  // a no-op when the layer took it
  return id;
}

}  // namespace strata::image
