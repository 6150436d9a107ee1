#include "archive/extract.h"

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "archive/la_util.h"
#include "archive/layer_writer.h"
#include "common/error.h"
#include "common/id.h"

namespace strata::archive {

namespace {

constexpr size_t kReadBlock = 1 << 20;

// Stage 1 input: the (maybe compressed) bytes from the caller's fd.
struct FdSource {
  int fd;
  int read_errno = 0;
  std::vector<char> buf = std::vector<char>(kReadBlock);
};

// The stream is bad, unless reading the fd itself failed: that is the system's fault.
[[noreturn]] void bad_stream(::archive* a, const FdSource& src, const char* what = "") {
  if (src.read_errno) throw_errno("read layer stream", src.read_errno);
  throw Error(Errc::invalid_argument, "layer tar: " + std::string(what) + la_error(a));
}

la_ssize_t read_fd(::archive* a, void* ctx, const void** out) {
  auto* src = static_cast<FdSource*>(ctx);
  for (;;) {
    ssize_t n = ::read(src->fd, src->buf.data(), src->buf.size());
    if (n >= 0) {
      *out = src->buf.data();
      return n;
    }
    if (errno != EINTR) {
      src->read_errno = errno;
      archive_set_error(a, errno, "read layer stream");
      return ARCHIVE_FATAL;
    }
  }
}

// Stage 2 input: the decompressed stream of stage 1 ("raw" format), hashed as it passes.
struct Decompressed {
  explicit Decompressed(::archive* a) : outer(a) {}
  ::archive* outer;
  Sha256 hash;
  uint64_t size = 0;
};

la_ssize_t read_decompressed(::archive* inner, void* ctx, const void** out) {
  auto* d = static_cast<Decompressed*>(ctx);
  size_t len = 0;
  la_int64_t offset;
  do {
    int r = archive_read_data_block(d->outer, out, &len, &offset);
    if (r == ARCHIVE_EOF) return 0;
    if (r < ARCHIVE_WARN) {
      const std::string msg = la_error(d->outer, "truncated or corrupt compressed stream");
      archive_set_error(inner, archive_errno(d->outer), "%s", msg.c_str());
      return ARCHIVE_FATAL;
    }
  } while (len == 0);
  d->hash.update(*out, len);
  d->size += len;
  return static_cast<la_ssize_t>(len);
}

// Opens `fd` as a decompressing byte stream. Only in-process filters: nothing forks a helper.
ReadPtr open_decompressor(FdSource& src) {
  ReadPtr a(archive_read_new());
  if (!a || archive_read_support_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_zstd(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_xz(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_bzip2(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_raw(a.get()) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: decompressors unavailable");
  archive_entry* e;
  if (archive_read_open(a.get(), &src, nullptr, read_fd, nullptr) != ARCHIVE_OK ||
      archive_read_next_header(a.get(), &e) != ARCHIVE_OK)
    bad_stream(a.get(), src, "empty or unreadable stream: ");
  return a;
}

}  // namespace

ExtractResult extract_layer(int fd, const std::filesystem::path& dest) {
  Utf8Locale utf8;
  LayerWriter writer(dest);
  FdSource src{fd};
  ReadPtr outer = open_decompressor(src);
  Decompressed stream(outer.get());
  ReadPtr inner(archive_read_new());
  if (!inner || archive_read_support_format_tar(inner.get()) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: tar reader unavailable");
  if (archive_read_open(inner.get(), &stream, nullptr, read_decompressed, nullptr) != ARCHIVE_OK)
    bad_stream(inner.get(), src);

  ExtractResult result{};
  archive_entry* e;
  for (;;) {
    int r = archive_read_next_header(inner.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN || r == ARCHIVE_RETRY) bad_stream(inner.get(), src);
    try {
      result.content_size += writer.write(inner.get(), e);
    } catch (const Error&) {
      if (src.read_errno) throw_errno("read layer stream", src.read_errno);
      throw;
    }
  }
  writer.finish();
  // The digest covers the whole stream, including any padding after the end-of-archive blocks.
  const void* buf;
  la_ssize_t n;
  while ((n = read_decompressed(inner.get(), &stream, &buf)) > 0) {
  }
  if (n < 0) bad_stream(inner.get(), src);
  result.diff_id = stream.hash.digest();
  result.tar_size = stream.size;
  return result;
}

}  // namespace strata::archive
