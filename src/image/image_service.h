// Multi-step image operations: import a rootfs tar as a one-layer image,
// tag, remove (rmi) with Docker's conflict rules. Each is one metadata
// transaction plus on-disk steps ordered so a crash leaves the old or the new
// state (new layer directories are renamed into place inside the transaction;
// a leftover is unreachable and collected by recovery).
#pragma once
#include <optional>
#include <string>
#include <vector>

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

class ImageService {
 public:
  ImageService(store::Db& db, graphdriver::Overlay2& driver) : db_(db), driver_(driver), store_(db) {}

  ImageStore& store() { return store_; }

  // Reads a tar (plain, gzip, zstd, xz) from fd; returns the new image ID.
  std::string import(int fd, const ImportOptions& opts);
  void tag(const std::string& source_ref, const std::string& target);
  // Returns Docker's lines: "Untagged: busybox:latest", "Deleted: sha256:…".
  std::vector<std::string> remove(const std::string& ref, bool force);

 private:
  store::Db& db_;
  graphdriver::Overlay2& driver_;
  ImageStore store_;
};

// The chain ID of a layer on top of parent_chain ("" for a base layer).
std::string chain_id(const std::string& parent_chain, const std::string& diff_id);

}  // namespace strata::image
