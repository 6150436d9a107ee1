// Writes tar entries into a layer directory, overlayfs style (used by extract_layer).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "archive/la_util.h"
#include "common/fd.h"

namespace strata::archive {

class LayerWriter {
 public:
  // `dest` must be an existing directory.
  explicit LayerWriter(const std::filesystem::path& dest);
  // Writes entry `e` of tar reader `in` (and its data) below dest, converting whiteouts.
  // Returns the regular-file bytes it wrote. Throws on a hostile or broken entry.
  uint64_t write(::archive* in, archive_entry* e);
  // Applies deferred directory modes and times; call once after the last entry.
  void finish();

 private:
  WritePtr new_disk() const;
  void flush();
  std::string under_dest(const std::string& rel, const std::string& entry) const;
  void set_opaque(const std::string& dir, const std::string& entry);
  void replace_existing(int parent_fd, const std::string& rel, const std::string& base, bool is_dir);
  bool resolve_hardlink(archive_entry* e, const std::string& rel, const std::string& entry);
  uint64_t put(::archive* in, archive_entry* e, const std::string& entry);

  std::string dest_;  // absolute, canonical
  UniqueFd root_;
  WritePtr disk_;
};

}  // namespace strata::archive
