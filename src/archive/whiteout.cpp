#include "archive/whiteout.h"

#include <cstdint>

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

namespace {
// A file capability as the kernel writes it (linux/capability.h): revision 1 (12 bytes), 2 (20)
// or 3 (24, with the root uid of the user namespace it applies in).
bool well_formed_capability(const unsigned char* v, size_t size, std::string* why) {
  if (size < 4) return *why = "malformed", false;
  const uint32_t magic = v[0] | v[1] << 8 | v[2] << 16 | static_cast<uint32_t>(v[3]) << 24;
  const uint32_t rev = magic & 0xFF000000u;
  if ((rev == 0x01000000u && size == 12) || (rev == 0x02000000u && size == 20)) return true;
  if (rev == 0x03000000u && size == 24) {
    if (v[20] | v[21] | v[22] | v[23]) return *why = "bound to the root of another user namespace", false;
    return true;
  }
  return *why = "malformed", false;
}
}  // namespace

void refuse_overlay_xattrs(archive_entry* e, const std::string& entry) {
  const char* name;
  const void* value;
  size_t size;
  archive_entry_xattr_reset(e);
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    std::string_view n = name;
    if (n.starts_with(kOverlayXattrPrefix)) refuse(entry, "xattr " + std::string(name) + " is reserved for overlayfs");
    if (n != kCapabilityXattr) continue;
    // Kept like Docker on regular files (setcap'd binaries), as a setuid bit is; anything else
    // could only be a forgery.
    std::string why;
    if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e)) why = "not on a regular file";
    else well_formed_capability(static_cast<const unsigned char*>(value), size, &why);
    if (!why.empty()) refuse(entry, "file capability (security.capability) " + why);
  }
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
