#include "archive/layer_writer.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <cstring>
#include <string_view>

#include "archive/safe_path.h"
#include "archive/whiteout.h"
#include "common/error.h"
#include "common/fs.h"

namespace strata::archive {

namespace {

// Every path is checked by us before libarchive sees it (clean_name, open_dir_beneath,
// replace_existing): no ".." and no symlink anywhere on it. libarchive's SECURE_SYMLINKS would
// repeat that from "/" with ~20 syscalls per entry (4x slower); its ".." check is cheap and stays.
constexpr int kDiskFlags = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
                           ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_SECURE_NODOTDOT;
[[noreturn]] void disk_error(::archive* disk, const std::string& entry) {
  throw Error(Errc::system, "layer tar: entry \"" + entry + "\": " + la_error(disk));
}

}  // namespace

LayerWriter::LayerWriter(const std::filesystem::path& dest) {
  std::error_code ec;
  dest_ = std::filesystem::canonical(dest, ec).string();
  if (ec) throw Error(Errc::not_found, "layer destination " + dest.string() + ": " + ec.message());
  root_.reset(::open(dest_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_.valid()) throw_errno("open " + dest_);
  disk_ = new_disk();
}

WritePtr LayerWriter::new_disk() const {
  WritePtr disk(archive_write_disk_new());
  if (!disk || archive_write_disk_set_options(disk.get(), kDiskFlags) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: cannot create a disk writer");
  return disk;  // no user/group lookup: ownership stays numeric, as in the tar
}

// Directory modes and times are deferred by libarchive and applied by path at close. Before a
// directory is replaced (possibly by a symlink), apply them so none lands outside through it.
void LayerWriter::flush() {
  if (archive_write_close(disk_.get()) < ARCHIVE_WARN) disk_error(disk_.get(), "(directory metadata)");
  disk_ = new_disk();
}

void LayerWriter::finish() { flush(); }

// Longer paths fail in the kernel anyway, and libarchive would chdir() (process-wide) to try them.
std::string LayerWriter::under_dest(const std::string& rel, const std::string& entry) const {
  std::string path = dest_ + "/" + rel;
  if (path.size() >= PATH_MAX) refuse(entry, "path too long");
  return path;
}

void LayerWriter::set_opaque(const std::string& dir, const std::string& entry) {
  UniqueFd fd = make_dirs_beneath(root_.get(), dir, entry);
  if (::fsetxattr(fd.get(), kOpaqueXattr, "y", 1, 0) != 0)
    throw_errno("layer tar: entry \"" + entry + "\": set trusted.overlay.opaque");
}

// Like Docker: what exists at the path is removed unless both it and the entry are directories.
void LayerWriter::replace_existing(int parent_fd, const std::string& rel, const std::string& base,
                                   bool is_dir) {
  struct stat st {};
  if (::fstatat(parent_fd, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    if (::unlinkat(parent_fd, base.c_str(), 0) != 0) throw_errno("remove " + rel);
  } else if (!is_dir) {
    flush();
    fs::remove_all(dest_ + "/" + rel);
  }
}

// Points a hardlink entry at its target inside dest. False if it links to itself (skipped).
bool LayerWriter::resolve_hardlink(archive_entry* e, const std::string& rel, const std::string& entry) {
  const std::string target = clean_name(archive_entry_hardlink(e), entry, "a hardlink target");
  if (target.empty()) refuse(entry, "hardlink to the layer root");
  if (target == rel) return false;
  const std::string path = under_dest(target, entry);
  auto [parent, base] = split_parent(target);
  UniqueFd dir = open_dir_beneath(root_.get(), parent, entry);
  struct stat st {};
  if (!dir.valid() || ::fstatat(dir.get(), base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    refuse(entry, "hardlink target \"" + target + "\" does not exist");
  if (S_ISDIR(st.st_mode)) refuse(entry, "hardlink to a directory");
  archive_entry_copy_hardlink(e, path.c_str());
  return true;
}

uint64_t LayerWriter::write(::archive* in, archive_entry* e) {
  const char* raw = archive_entry_pathname(e);
  const std::string entry = raw ? raw : "";
  const LayerPath lp = layer_path(entry);
  if (lp.kind == LayerPath::kIgnored) return 0;
  if (lp.kind == LayerPath::kOpaque) {
    set_opaque(lp.rel, entry);
    return 0;
  }
  if (lp.kind == LayerPath::kWhiteout) to_overlay_whiteout(e);
  const std::string& rel = lp.rel;
  refuse_overlay_xattrs(e, entry);
  if (rel.empty()) {  // "./": the layer root's own mode, owner and times
    if (archive_entry_filetype(e) != AE_IFDIR) refuse(entry, "the layer root must be a directory");
    archive_entry_copy_pathname(e, dest_.c_str());
    return put(in, e, entry);
  }
  const std::string path = under_dest(rel, entry);
  auto [parent, base] = split_parent(rel);
  UniqueFd parent_fd = open_dir_beneath(root_.get(), parent, entry);
  if (parent_fd.valid()) replace_existing(parent_fd.get(), rel, base, archive_entry_filetype(e) == AE_IFDIR);
  if (archive_entry_hardlink(e) && !resolve_hardlink(e, rel, entry)) return 0;
  archive_entry_copy_pathname(e, path.c_str());
  return put(in, e, entry);
}

uint64_t LayerWriter::put(::archive* in, archive_entry* e, const std::string& entry) {
  ::archive* disk = disk_.get();
  if (archive_write_header(disk, e) < ARCHIVE_WARN) disk_error(disk, entry);
  const void* buf;
  size_t len;
  la_int64_t off;
  while (archive_entry_size(e) > 0) {
    int r = archive_read_data_block(in, &buf, &len, &off);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) refuse(entry, la_error(in));
    if (archive_write_data_block(disk, buf, len, off) < ARCHIVE_WARN) disk_error(disk, entry);
  }
  if (archive_write_finish_entry(disk) < ARCHIVE_WARN) disk_error(disk, entry);
  // Docker's layer size (DiffSize): every non-directory's size, a symlink's being its target's length.
  if (archive_entry_filetype(e) == AE_IFLNK && archive_entry_symlink(e)) return std::strlen(archive_entry_symlink(e));
  return archive_entry_filetype(e) == AE_IFREG ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
}

}  // namespace strata::archive
