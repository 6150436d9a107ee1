// Test-only: reads tars back (entries in order, with data and xattrs) and runs write_tar in memory.
#pragma once
#include <sys/mman.h>

#include <string>
#include <vector>

#include "archive/diff_tar.h"
#include "archive/tar_builder_test_util.h"
#include "common/fs.h"

namespace strata::archive::testing {

// The entries of a plain tar, in order, with their data.
inline std::vector<TarEntry> list_tar(const std::string& bytes) {
  Utf8Locale utf8;
  ReadPtr a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    throw Error(Errc::invalid_argument, "list_tar: " + la_error(a.get()));
  std::vector<TarEntry> out;
  archive_entry* e;
  while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) {
    TarEntry t = node(archive_entry_pathname(e), archive_entry_filetype(e), archive_entry_perm(e),
                      archive_entry_rdev(e));
    t.uid = archive_entry_uid(e), t.gid = archive_entry_gid(e);
    t.mtime = archive_entry_mtime(e), t.mtime_nsec = archive_entry_mtime_nsec(e);
    if (archive_entry_symlink(e)) t.symlink = archive_entry_symlink(e);
    if (archive_entry_hardlink(e)) t.hardlink = archive_entry_hardlink(e);
    t.data.resize(static_cast<size_t>(archive_entry_size(e)));
    archive_read_data(a.get(), t.data.data(), t.data.size());
    const char* name;
    const void* value;
    size_t size;
    archive_entry_xattr_reset(e);
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK)
      t.xattrs.emplace_back(name, std::string(static_cast<const char*>(value), size));
    out.push_back(std::move(t));
  }
  return out;
}

// write_tar of `dir` into memory; `result` gets what write_tar returned.
inline std::string write_tar_bytes(const std::filesystem::path& dir, bool whiteouts, TarResult& result) {
  UniqueFd fd(::memfd_create("out", MFD_CLOEXEC));
  result = write_tar(dir, fd.get(), whiteouts);
  return fs::read_file("/proc/self/fd/" + std::to_string(fd.get()));
}

}  // namespace strata::archive::testing
