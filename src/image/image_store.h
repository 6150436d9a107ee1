// Images and their layers in the metadata store: lookup by tag, ID or ID
// prefix (as Docker resolves them), listing, tagging.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image/reference.h"

namespace strata::store {
class Db;
}

namespace strata::image {

struct ImageRecord {
  std::string id;         // "sha256:<hex>"
  std::string config;     // the config JSON, byte for byte
  std::string top_layer;  // chain ID of the top layer, "" for an empty image
  std::string created;
  std::vector<std::string> tags;  // "repo:tag", sorted
  int64_t size = 0;               // bytes of content in all layers
  std::string parent;             // Docker's Parent: the image it was committed/built on, "" if none
};

struct LayerRecord {
  std::string chain_id, diff_id, parent, cache_id;
  int64_t size = 0, tar_size = 0;
};

class ImageStore {
 public:
  explicit ImageStore(store::Db& db) : db_(db) {}

  // By "repo:tag" (tag defaults to latest), full ID, or unique ID prefix.
  std::optional<ImageRecord> find(std::string_view ref) const;
  // As find(), throwing not_found "No such image: <ref>".
  ImageRecord resolve(std::string_view ref) const;
  std::vector<ImageRecord> list() const;
  // The layers of a stack, top first.
  std::vector<LayerRecord> layers(const std::string& top_chain_id) const;
  std::optional<LayerRecord> layer(const std::string& chain_id) const;
  // Container IDs using the image, with their running state.
  std::vector<std::pair<std::string, bool>> users(const std::string& image_id) const;
  // Images whose parent is `image_id`.
  std::vector<std::string> children(const std::string& image_id) const;

  // Writes (inside the caller's transaction).
  void insert_layer(const LayerRecord& l);
  void insert_image(const ImageRecord& img);  // ignores an existing ID (parent included)
  void set_parent(const std::string& image_id, const std::string& parent);
  // Points tag at image; returns the image ID it pointed to before, if any.
  std::optional<std::string> set_tag(const Reference& ref, const std::string& image_id);
  void remove_tag(const std::string& tag);
  void remove_image(const std::string& image_id);
  // Deletes layer rows that no image references; returns their cache IDs.
  std::vector<LayerRecord> remove_unused_layers();

 private:
  ImageRecord load(const std::string& id) const;
  store::Db& db_;
};

}  // namespace strata::image
