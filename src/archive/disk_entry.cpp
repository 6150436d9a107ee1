#include "archive/disk_entry.h"

#include <map>

#include "archive/whiteout.h"
#include "common/error.h"

namespace strata::archive {

namespace {

// Drops trusted.overlay.* (reporting whether opaque=y was among them) and sorts the rest by name,
// so the same tree gives the same bytes whatever order the filesystem lists xattrs in.
bool filter_xattrs(archive_entry* e) {
  std::map<std::string, std::string> keep;
  bool opaque = false;
  const char* name;
  const void* value;
  size_t size;
  archive_entry_xattr_reset(e);
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    std::string_view n = name;
    std::string v(static_cast<const char*>(value), size);
    if (n == kOpaqueXattr) opaque = v == "y";
    if (!n.starts_with(kOverlayXattrPrefix)) keep.emplace(n, std::move(v));
  }
  archive_entry_xattr_clear(e);
  for (auto it = keep.rbegin(); it != keep.rend(); ++it)  // libarchive prepends
    archive_entry_xattr_add_entry(e, it->first.c_str(), it->second.data(), it->second.size());
  return opaque;
}

}  // namespace

ReadPtr new_disk_reader() {
  ReadPtr disk(archive_read_disk_new());
  if (!disk || archive_read_disk_set_symlink_physical(disk.get()) != ARCHIVE_OK ||
      archive_read_disk_set_behavior(disk.get(), ARCHIVE_READDISK_NO_ACL | ARCHIVE_READDISK_NO_FFLAGS |
                                                     ARCHIVE_READDISK_NO_SPARSE) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: cannot set up a disk reader");
  return disk;
}

EntryPtr disk_entry(::archive* disk, int fd, const std::string& abs, const std::string& rel,
                    const struct stat& st, bool& opaque) {
  EntryPtr e(archive_entry_new());
  archive_entry_copy_sourcepath(e.get(), abs.c_str());
  if (archive_read_disk_entry_from_file(disk, e.get(), fd, &st) < ARCHIVE_WARN)
    throw Error(Errc::system, "read " + abs + ": " + la_error(disk));
  archive_entry_copy_sourcepath(e.get(), nullptr);
  archive_entry_copy_pathname(e.get(), S_ISDIR(st.st_mode) ? (rel + "/").c_str() : rel.c_str());
  archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, 0);  // (restricted pax never writes atime/ctime)
  opaque = filter_xattrs(e.get());
  return e;
}

EntryPtr marker_entry(const std::string& name, const struct stat& st) {
  EntryPtr e(archive_entry_new());
  archive_entry_copy_pathname(e.get(), name.c_str());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0600);
  archive_entry_set_size(e.get(), 0);
  archive_entry_set_uid(e.get(), st.st_uid);
  archive_entry_set_gid(e.get(), st.st_gid);
  archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, 0);
  return e;
}

}  // namespace strata::archive
