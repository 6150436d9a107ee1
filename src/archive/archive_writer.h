// A tar of named files and directories written in order (save's outer archive): small files from
// memory, large ones streamed from a producer, nothing staged on disk.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "archive/tar_stream.h"

namespace strata::archive {

using WriteFn = std::function<void(const void*, size_t)>;

class ArchiveWriter {
 public:
  // Entries are owned by root, files 0644, directories 0755.
  explicit ArchiveWriter(int fd) : out_(fd, false) {}

  void add_dir(const std::string& name, int64_t mtime);
  void add_file(const std::string& name, std::string_view data, int64_t mtime);
  // A file of exactly `size` bytes, which `produce` writes through the function it is given.
  // Throws Errc::system if it writes another count (the tar would be corrupt from there on).
  void add_file(const std::string& name, uint64_t size, int64_t mtime, const std::function<void(const WriteFn&)>& produce);
  // Writes the end-of-archive blocks.
  void close() { out_.close(); }

 private:
  void header(const std::string& name, unsigned type, unsigned perm, uint64_t size, int64_t mtime);
  TarStream out_;
};

}  // namespace strata::archive
