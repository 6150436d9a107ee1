// How OCI layer tars and overlayfs each spell deletions and opaque directories.
#pragma once
#include <string>
#include <string_view>

struct archive_entry;

namespace strata::archive {

// In tars: ".wh.NAME" deletes NAME; ".wh..wh..opq" in D hides all of D's lower content.
inline constexpr std::string_view kWhiteoutPrefix = ".wh.";
inline constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
// Other ".wh..wh." names are aufs bookkeeping (e.g. ".wh..wh.plnk/"), meaningless to overlayfs.
inline constexpr std::string_view kAufsMetaPrefix = ".wh..wh.";

// On disk (overlayfs): a 0/0 character device NAME; trusted.overlay.opaque=y on D.
inline constexpr const char* kOpaqueXattr = "trusted.overlay.opaque";
// overlayfs' private metadata (opaque, redirect, origin, ...): never taken from, nor put in, a tar.
inline constexpr std::string_view kOverlayXattrPrefix = "trusted.overlay.";
inline constexpr std::string_view kCapabilityXattr = "security.capability";

// What a tar entry's name means in an overlayfs layer.
struct LayerPath {
  enum Kind { kFile, kWhiteout, kOpaque, kIgnored } kind;
  std::string rel;  // clean relative path of the file, of the whited-out NAME, or of the opaque dir
};
// Cleans `name` (see clean_name) and decodes the whiteout conventions above. Refuses (invalid_argument)
// ".." and whiteouts of "", "." or "..".
LayerPath layer_path(const std::string& name);

// Refuses (Errc::invalid_argument naming `entry`) an entry carrying trusted.overlay.* xattrs:
// they would forge overlayfs metadata (redirects, opaque dirs) of the layer; and a
// security.capability that is malformed, not on a regular file, or bound to another user
// namespace's root (a well-formed one on a file is kept, as Docker keeps it).
void refuse_overlay_xattrs(archive_entry* e, const std::string& entry);

// Turns a tar entry ".wh.NAME" (already renamed NAME) into an overlayfs whiteout: a 0/0 character
// device with no permissions, keeping the entry's owner and mtime.
void to_overlay_whiteout(archive_entry* e);

}  // namespace strata::archive
