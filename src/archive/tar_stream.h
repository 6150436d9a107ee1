// An uncompressed PAX tar written to a file descriptor, hashed as it streams (on another core).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "archive/async_sha256.h"
#include "archive/diff_tar.h"
#include "archive/la_util.h"
#include "common/out_file.h"

namespace strata::archive {

class TarStream {
 public:
  // Restricted pax (ustar headers, pax records only when needed), SCHILY.xattr records like Go
  // and GNU tar, 1 MiB writes, and no padding after the two end-of-archive blocks.
  // fd < 0: nothing is written (only hashed); digest false: no hashing (TarResult::digest "").
  // An fd opened with O_DIRECT is written around the page cache (common/out_file.h).
  explicit TarStream(int fd, bool digest = true);
  // Output through `out` instead of a file descriptor (a tar inside a tar: save's layers).
  TarStream(std::function<void(const void*, size_t)> out, bool digest);
  TarStream(const TarStream&) = delete;
  TarStream& operator=(const TarStream&) = delete;

  void header(archive_entry* e);
  void data(const void* buf, size_t len);
  // Writes the end-of-archive blocks; returns the digest and size of everything written.
  TarResult close();

 private:
  [[noreturn]] void fail(const std::string& what);

  void open();
  struct Sink {
    std::unique_ptr<OutFile> file;  // null: fd < 0
    std::function<void(const void*, size_t)> out;
    std::exception_ptr error;  // thrown by `out`, kept while libarchive unwinds
    std::unique_ptr<AsyncSha256> hash;
    uint64_t size = 0;
  };
  static la_ssize_t write_cb(::archive* a, void* ctx, const void* buf, size_t len);

  Sink sink_;
  WritePtr out_;
};

}  // namespace strata::archive
