// Test-only: builds tars in memory with libarchive's writer and feeds bytes to extract_layer.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "archive/extract.h"
#include "archive/la_util.h"
#include "common/error.h"
#include "common/fd.h"

namespace strata::archive::testing {

struct TarEntry {
  std::string name;
  unsigned type = AE_IFREG;  // AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR, AE_IFBLK, AE_IFIFO
  std::string data;          // regular file content
  std::string symlink;       // symlink target
  std::string hardlink;      // hardlink target (type stays AE_IFREG)
  unsigned perm = 0644;
  int64_t uid = 0, gid = 0, mtime = 1700000000, mtime_nsec = 0;
  dev_t rdev = 0;
  std::vector<std::pair<std::string, std::string>> xattrs;
};

inline TarEntry node(std::string name, unsigned type, unsigned perm, dev_t rdev = 0) {
  TarEntry t;
  t.name = std::move(name);
  t.type = type;
  t.perm = perm;
  t.rdev = rdev;
  return t;
}
inline TarEntry file(std::string name, std::string data = "", unsigned perm = 0644) {
  TarEntry t = node(std::move(name), AE_IFREG, perm);
  t.data = std::move(data);
  return t;
}
inline TarEntry dir(std::string name, unsigned perm = 0755) { return node(std::move(name), AE_IFDIR, perm); }
inline TarEntry sym(std::string name, std::string target) {
  TarEntry t = node(std::move(name), AE_IFLNK, 0777);
  t.symlink = std::move(target);
  return t;
}
inline TarEntry hlink(std::string name, std::string target) {
  TarEntry t = node(std::move(name), AE_IFREG, 0644);
  t.hardlink = std::move(target);
  return t;
}

inline la_ssize_t append_to_string(::archive*, void* ctx, const void* buf, size_t len) {
  static_cast<std::string*>(ctx)->append(static_cast<const char*>(buf), len);
  return static_cast<la_ssize_t>(len);
}

// A pax tar of `entries`, padded to libarchive's usual 10240-byte records (as GNU tar does).
inline std::string make_tar(const std::vector<TarEntry>& entries) {
  Utf8Locale utf8;
  std::string out;
  WritePtr a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_format_option(a.get(), "pax", "xattrheader", "SCHILY");  // as Go and GNU tar write
  archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr);
  for (const TarEntry& t : entries) {
    EntryPtr e(archive_entry_new());
    archive_entry_copy_pathname(e.get(), t.name.c_str());
    archive_entry_set_filetype(e.get(), t.type);
    archive_entry_set_perm(e.get(), t.perm);
    archive_entry_set_uid(e.get(), t.uid);
    archive_entry_set_gid(e.get(), t.gid);
    archive_entry_set_mtime(e.get(), t.mtime, 0);
    archive_entry_set_rdev(e.get(), t.rdev);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(t.data.size()));
    if (!t.symlink.empty()) archive_entry_copy_symlink(e.get(), t.symlink.c_str());
    if (!t.hardlink.empty()) archive_entry_copy_hardlink(e.get(), t.hardlink.c_str());
    for (auto& [k, v] : t.xattrs) archive_entry_xattr_add_entry(e.get(), k.c_str(), v.data(), v.size());
    if (archive_write_header(a.get(), e.get()) < ARCHIVE_WARN)
      throw Error(Errc::system, "make_tar: " + la_error(a.get()));
    if (!t.data.empty()) archive_write_data(a.get(), t.data.data(), t.data.size());
  }
  archive_write_close(a.get());
  return out;
}

// `data` compressed with libarchive filter `filter` ("gzip", "zstd", "xz", "bzip2").
inline std::string compress(const std::string& data, const std::string& filter) {
  std::string out;
  WritePtr a(archive_write_new());
  archive_write_set_format_raw(a.get());
  archive_write_add_filter_by_name(a.get(), filter.c_str());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr);
  EntryPtr e(archive_entry_new());
  archive_entry_set_pathname(e.get(), "data");
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
  archive_write_header(a.get(), e.get());
  archive_write_data(a.get(), data.data(), data.size());
  archive_write_close(a.get());
  return out;
}

// A memory file holding `bytes`, positioned at 0.
inline UniqueFd memfd(const std::string& bytes) {
  UniqueFd fd(::memfd_create("tar", MFD_CLOEXEC));
  if (!fd.valid() || ::write(fd.get(), bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
    throw_errno("memfd");
  ::lseek(fd.get(), 0, SEEK_SET);
  return fd;
}

inline ExtractResult extract_bytes(const std::string& bytes, const std::filesystem::path& dest) {
  return extract_layer(memfd(bytes).get(), dest);
}

}  // namespace strata::archive::testing
