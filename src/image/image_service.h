// Multi-step image operations: import a rootfs tar as a one-layer image, commit a writable layer
// as a new image, save/load archives, history, tag, remove (rmi) and prune with Docker's rules.
// Each change is one metadata transaction plus on-disk steps ordered so a crash leaves the old or
// the new state (new layer directories are renamed into place inside the transaction; a leftover
// is unreachable and collected by recovery).
//
// Layers are content-addressed by chain ID (OCI: diff ID of the first layer, then
// sha256("<parent chain> <diff id>")), stored once in overlay2/<chain hex>/ and shared by every
// image stacking them; a layer goes when no image reaches it any more. A layer that came from a
// tar (import, load) keeps that tar beside its diff/ as layer.tar, so save gives back the exact
// bytes of its diff ID; a committed layer's tar is made again from diff/ (write_tar is
// deterministic) and checked against its diff ID while it streams.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "image/config.h"
#include "image/image_store.h"

namespace strata::graphdriver {
class Overlay2;
}

namespace strata::image {

struct ImportOptions {
  std::optional<Reference> tag;
  std::vector<std::string> changes;  // Dockerfile instructions (--change)
  std::string message;               // --message: history comment
  std::string source = "-";          // shown in history: "Imported from <source>"
};

// A new image: `upper` (an overlay upper dir: a container's writable layer or a build step's)
// as one more layer on `parent_image`, with Docker's NewChildImage config.
struct CommitRequest {
  std::filesystem::path upper;     // "" or no change in it: an empty layer (history only)
  std::string parent_image;        // image ID, "" for scratch
  Json config;                     // the new image's "config"
  Json container_config;           // "container_config" (commit); null: left out
  std::string container_id;        // "container"; "": left out
  std::string author, comment, created_by;
  std::optional<Reference> tag;
};

struct HistoryEntry {
  std::string id;  // image ID, or "<missing>" for a step with no image here
  std::string created, created_by, comment;
  int64_t size = 0;
  std::vector<std::string> tags;
};

struct PruneResult {
  std::vector<std::string> lines;  // "untagged: …", "deleted: sha256:…"
  uint64_t reclaimed = 0;          // bytes of layer content removed
};

class ImageService {
 public:
  ImageService(store::Db& db, graphdriver::Overlay2& driver) : db_(db), driver_(driver), store_(db) {}

  ImageStore& store() { return store_; }

  // Reads a tar (plain, gzip, zstd, xz) from fd; returns the new image ID.
  std::string import(int fd, const ImportOptions& opts);
  // Returns the new image ID. Throws invalid_argument "max depth exceeded…" before copying
  // anything if the image would be deeper than a container can stack.
  std::string commit(const CommitRequest& req);
  void tag(const std::string& source_ref, const std::string& target);
  // Returns Docker's lines: "Untagged: busybox:latest", "Deleted: sha256:…". Untagged parents
  // left with no child and no container go too (Docker's prune of parents).
  std::vector<std::string> remove(const std::string& ref, bool force);
  // Dangling images (no tag, no child), or with `all` every image no container uses.
  PruneResult prune(bool all);
  // Newest step first, as `docker history`.
  std::vector<HistoryEntry> history(const std::string& ref);
  // Writes one tar that is both a Docker archive (manifest.json) and an OCI image layout.
  void save(const std::vector<std::string>& refs, int fd);
  // Reads a Docker archive (any version) or an OCI layout, plain or compressed, with plain or
  // compressed layers; returns Docker's lines ("Loaded image: busybox:latest"). Every digest is
  // checked before anything becomes visible; on error nothing is left behind.
  std::vector<std::string> load(int fd);

 private:
  struct NewLayer {
    std::optional<LayerRecord> parent;
    std::filesystem::path tmp;  // "" when there is no layer to add
    LayerRecord record;
    bool placed = false;  // renamed into place by place_layer (undone if the transaction rolls back)
  };
  // Copies `upper` into a temporary layer dir while hashing its tar (nothing recorded yet).
  NewLayer prepare_layer(const std::filesystem::path& upper, const std::string& parent_chain);
  // Inside the caller's transaction: renames the layer into place and records it.
  void place_layer(NewLayer& n);
  // rmi inside the caller's transaction; the layers it unrecorded are added to *gone (their
  // directories are for the caller to remove after the commit).
  std::vector<std::string> remove_locked(const std::string& ref, bool force, std::vector<LayerRecord>* gone);
  store::Db& db_;
  graphdriver::Overlay2& driver_;
  ImageStore store_;
};

// An image may be this deep: overlayfs stacks 500 lower layers, one is a container's init layer.
inline constexpr size_t kMaxImageLayers = 499;

// The chain ID of a layer on top of parent_chain ("" for a base layer).
std::string chain_id(const std::string& parent_chain, const std::string& diff_id);

// The digest of a tar with no entries (two zero blocks): Docker's empty layer.
inline constexpr const char* kEmptyLayerDiffId =
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

}  // namespace strata::image
