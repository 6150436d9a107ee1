// load, stage 1: one pass over the archive (a Docker archive or OCI layout, plain or compressed),
// keeping the small documents in memory and extracting every layer-looking blob at once into a
// temporary layer directory (with its tar kept), since which blobs are layers is only known from
// manifests that may come last. Nothing is visible yet; the destructor removes what is unused.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "archive/extract.h"

struct archive;
struct archive_entry;

namespace strata::graphdriver {
class Overlay2;
}

namespace strata::image {

// A document (config, manifest, index) larger than this is refused: metadata stays in memory.
inline constexpr size_t kMaxDocumentSize = 8 << 20;

struct ScannedBlob {
  std::string name;    // clean path in the archive
  std::string digest;  // sha256 of the bytes as stored
  uint64_t size = 0;
  bool is_doc = false;  // small, kept in memory
  std::string bytes;    // is_doc: the content
  // A layer: extracted into `dir` (a temporary layer dir with diff/ and layer.tar), or refused.
  std::filesystem::path dir;
  archive::ExtractResult layer;
  std::string error;  // why it could not be extracted (only an error if a manifest uses it)
};

class LoadScan {
 public:
  LoadScan(graphdriver::Overlay2& driver, int fd);  // reads the whole archive; throws on a broken one
  ~LoadScan();                                      // removes every temporary dir still here
  LoadScan(const LoadScan&) = delete;
  LoadScan& operator=(const LoadScan&) = delete;

  // The entry `path` names, through the archive's own symlinks and hardlinks, which cannot lead
  // outside it. Throws invalid_argument "... is outside the archive" for "..", an absolute path
  // or a link escaping; nullptr when there is no such regular file.
  ScannedBlob* find(const std::string& path);

 private:
  void scan(int fd);
  void remove_dirs() noexcept;
  void read_entry(::archive* a, ::archive_entry* e, const std::string& name);
  graphdriver::Overlay2& driver_;
  std::map<std::string, ScannedBlob> blobs_;
  std::map<std::string, std::string> links_;  // name -> target, as written ("/x" for a hardlink)
  uint64_t doc_bytes_ = 0;
};

// Clean relative form of an archive path; throws invalid_argument for ".." (whatever it resolves to).
std::string clean_archive_path(const std::string& path, const char* what);

}  // namespace strata::image
