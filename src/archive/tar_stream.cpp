#include "archive/tar_stream.h"

#include <unistd.h>

#include <cerrno>

#include "common/error.h"

namespace strata::archive {

TarStream::TarStream(int fd, bool digest)
    : sink_{fd, nullptr, nullptr, digest ? std::make_unique<AsyncSha256>() : nullptr, 0}, out_(archive_write_new()) {
  open();
}

TarStream::TarStream(std::function<void(const void*, size_t)> out, bool digest)
    : sink_{-1, std::move(out), nullptr, digest ? std::make_unique<AsyncSha256>() : nullptr, 0},
      out_(archive_write_new()) {
  open();
}

void TarStream::open() {
  ::archive* a = out_.get();
  if (!a || archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
      archive_write_set_format_option(a, "pax", "xattrheader", "SCHILY") != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(a, 1 << 20) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: cannot set up a tar writer");
  if (archive_write_open(a, &sink_, nullptr, write_cb, nullptr) != ARCHIVE_OK) fail("open");
}

la_ssize_t TarStream::write_cb(::archive* a, void* ctx, const void* buf, size_t len) {
  auto* sink = static_cast<Sink*>(ctx);
  const char* p = static_cast<const char*>(buf);
  if (sink->out) {
    try {
      sink->out(buf, len);
    } catch (...) {  // never through libarchive's C frames
      sink->error = std::current_exception();
      archive_set_error(a, EIO, "write tar");
      return ARCHIVE_FATAL;
    }
  }
  for (size_t left = sink->fd < 0 ? 0 : len; left > 0;) {
    ssize_t n = ::write(sink->fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      archive_set_error(a, errno, "write tar");
      return ARCHIVE_FATAL;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (sink->hash) sink->hash->update(buf, len);
  sink->size += len;
  return static_cast<la_ssize_t>(len);
}

void TarStream::fail(const std::string& what) {
  if (sink_.error) std::rethrow_exception(sink_.error);
  throw Error(Errc::system, "write tar: " + what + ": " + la_error(out_.get()));
}

void TarStream::header(archive_entry* e) {
  if (archive_write_header(out_.get(), e) < ARCHIVE_WARN) fail(archive_entry_pathname(e));
}

void TarStream::data(const void* buf, size_t len) {
  if (archive_write_data(out_.get(), buf, len) < 0) fail("data");
}

TarResult TarStream::close() {
  if (archive_write_close(out_.get()) != ARCHIVE_OK) fail("close");
  TarResult r;
  r.digest = sink_.hash ? sink_.hash->digest() : "";
  r.size = sink_.size;
  return r;
}

}  // namespace strata::archive
