#include "archive/whiteout.h"

#include "archive/la_util.h"
#include "archive/safe_path.h"

namespace strata::archive {

LayerPath layer_path(const std::string& name) {
  std::string rel = clean_name(name, name);
  auto [parent, base] = split_parent(rel);
  if (rel.starts_with(kAufsMetaPrefix) && rel != kOpaqueMarker) return {LayerPath::kIgnored, rel};
  if (base == kOpaqueMarker) return {LayerPath::kOpaque, parent};
  if (base.starts_with(kAufsMetaPrefix)) return {LayerPath::kIgnored, rel};
  if (!base.starts_with(kWhiteoutPrefix)) return {LayerPath::kFile, rel};
  base.erase(0, kWhiteoutPrefix.size());
  if (base.empty() || base == "." || base == "..") refuse(name, "invalid whiteout name");
  return {LayerPath::kWhiteout, parent.empty() ? base : parent + "/" + base};
}

void refuse_overlay_xattrs(archive_entry* e, const std::string& entry) {
  const char* name;
  const void* value;
  size_t size;
  archive_entry_xattr_reset(e);
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK)
    if (std::string_view(name).starts_with(kOverlayXattrPrefix))
      refuse(entry, "xattr " + std::string(name) + " is reserved for overlayfs");
}

void to_overlay_whiteout(archive_entry* e) {
  archive_entry_set_hardlink(e, nullptr);
  archive_entry_set_symlink(e, nullptr);
  archive_entry_xattr_clear(e);
  archive_entry_set_filetype(e, AE_IFCHR);
  archive_entry_set_perm(e, 0);
  archive_entry_set_rdev(e, 0);
  archive_entry_set_size(e, 0);
}

}  // namespace strata::archive
