#include "container/copy_extract.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <vector>

#include "archive/la_util.h"
#include "common/error.h"
#include "container/copy_entry.h"
#include "container/copy_fs.h"
#include "container/copy_paths.h"

namespace strata::container::cp {

namespace {

struct FdReader {
  int fd;
  int err = 0;
  std::vector<char> buf = std::vector<char>(1 << 20);
};

la_ssize_t read_cb(::archive* a, void* ctx, const void** out) {
  auto* r = static_cast<FdReader*>(ctx);
  for (;;) {
    ssize_t n = ::read(r->fd, r->buf.data(), r->buf.size());
    if (n >= 0) {
      *out = r->buf.data();
      return n;
    }
    if (errno != EINTR) {
      r->err = errno;
      archive_set_error(a, errno, "read");
      return ARCHIVE_FATAL;
    }
  }
}

archive::ReadPtr open_reader(FdReader& src) {
  archive::ReadPtr a(archive_read_new());
  if (!a || archive_read_support_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_bzip2(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_xz(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_zstd(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_tar(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_empty(a.get()) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: tar reader unavailable");
  if (archive_read_open(a.get(), &src, nullptr, read_cb, nullptr) != ARCHIVE_OK)
    throw Error(Errc::invalid_argument, "Error processing tar file: " + archive::la_error(a.get()));
  return a;
}

}  // namespace

void extract_tree(int fd, int root_fd, const std::string& dir, const ExtractOptions& o) {
  archive::Utf8Locale utf8;
  FdReader src{fd};
  archive::ReadPtr in = open_reader(src);
  EntryWriter writer(root_fd, clean("/" + dir), o);
  archive_entry* e;
  for (;;) {
    int r = archive_read_next_header(in.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN || r == ARCHIVE_RETRY) {
      if (src.err) throw_errno("read tar stream", src.err);
      throw Error(Errc::invalid_argument, "Error processing tar file: " + archive::la_error(in.get()));
    }
    writer.write(in.get(), e);
  }
  writer.finish();
}

bool is_archive(int fd) {
  if (::lseek(fd, 0, SEEK_SET) != 0) return false;
  FdReader src{fd};
  archive::ReadPtr a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  archive_entry* e;
  bool ok = archive_read_open(a.get(), &src, nullptr, read_cb, nullptr) == ARCHIVE_OK &&
            archive_read_next_header(a.get(), &e) == ARCHIVE_OK;
  ::lseek(fd, 0, SEEK_SET);
  return ok;
}

}  // namespace strata::container::cp
