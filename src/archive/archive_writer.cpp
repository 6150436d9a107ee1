#include "archive/archive_writer.h"

#include "common/error.h"

namespace strata::archive {

void ArchiveWriter::header(const std::string& name, unsigned type, unsigned perm, uint64_t size, int64_t mtime) {
  EntryPtr e(archive_entry_new());
  archive_entry_copy_pathname(e.get(), name.c_str());
  archive_entry_set_filetype(e.get(), type);
  archive_entry_set_perm(e.get(), perm);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
  archive_entry_set_uid(e.get(), 0);
  archive_entry_set_gid(e.get(), 0);
  archive_entry_set_mtime(e.get(), mtime, 0);
  out_.header(e.get());
}

void ArchiveWriter::add_dir(const std::string& name, int64_t mtime) { header(name, AE_IFDIR, 0755, 0, mtime); }

void ArchiveWriter::add_file(const std::string& name, std::string_view data, int64_t mtime) {
  header(name, AE_IFREG, 0644, data.size(), mtime);
  if (!data.empty()) out_.data(data.data(), data.size());
}

void ArchiveWriter::add_file(const std::string& name, uint64_t size, int64_t mtime,
                             const std::function<void(const WriteFn&)>& produce) {
  header(name, AE_IFREG, 0644, size, mtime);
  uint64_t written = 0;
  produce([&](const void* p, size_t n) {
    written += n;
    if (written > size) throw Error(Errc::system, "archive entry " + name + ": more than its " + std::to_string(size) + " bytes");
    out_.data(p, n);
  });
  if (written != size)
    throw Error(Errc::system, "archive entry " + name + ": " + std::to_string(written) + " bytes instead of " + std::to_string(size));
}

}  // namespace strata::archive
