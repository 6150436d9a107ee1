#include "archive/tar_stream.h"

#include <unistd.h>

#include <cerrno>

#include "common/error.h"

namespace strata::archive {

TarStream::TarStream(int fd, bool digest)
    : sink_{fd >= 0 ? std::make_unique<OutFile>(fd) : nullptr, nullptr, nullptr, digest ? std::make_unique<AsyncSha256>() : nullptr, 0}, out_(archive_write_new()) {
  open();
}

TarStream::TarStream(std::function<void(const void*, size_t)> out, bool digest)
    : sink_{nullptr, std::move(out), nullptr, digest ? std::make_unique<AsyncSha256>() : nullptr, 0},
      out_(archive_write_new()) {
  open();
}

void TarStream::open() {
  ::archive* a = out_.get();
  if (!a || archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
      archive_write_set_format_option(a, "pax", "xattrheader", "SCHILY") != ARCHIVE_OK ||
      // A direct file stages aligned blocks itself: libarchive passing the data on unblocked
      // saves a copy of every byte.
      archive_write_set_bytes_per_block(a, sink_.file && sink_.file->direct() ? 0 : 1 << 20) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: cannot set up a tar writer");
  if (archive_write_open(a, &sink_, nullptr, write_cb, nullptr) != ARCHIVE_OK) fail("open");
}

la_ssize_t TarStream::write_cb(::archive* a, void* ctx, const void* buf, size_t len) {
  auto* sink = static_cast<Sink*>(ctx);
  const char* p = static_cast<const char*>(buf);
  try {
    if (sink->out) sink->out(buf, len);
    if (sink->file) sink->file->write(p, len);
  } catch (...) {  // never through libarchive's C frames
    sink->error = std::current_exception();
    archive_set_error(a, EIO, "write tar");
    return ARCHIVE_FATAL;
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
  if (sink_.file) sink_.file->finish();
  TarResult r;
  r.digest = sink_.hash ? sink_.hash->digest() : "";
  r.size = sink_.size;
  return r;
}

}  // namespace strata::archive
