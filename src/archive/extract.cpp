#include "archive/extract.h"

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "archive/la_util.h"
#include "archive/layer_stream.h"
#include "archive/layer_writer.h"
#include "common/error.h"

namespace strata::archive {

namespace {

// The tar reader's input: stage 1's blocks. Errors are kept for rethrowing, never thrown
// through libarchive's C frames.
la_ssize_t read_stream(::archive* a, void* ctx, const void** out) {
  auto* s = static_cast<LayerStream*>(ctx);
  try {
    return static_cast<la_ssize_t>(s->next(out));
  } catch (...) {
    s->set_error(std::current_exception());
    archive_set_error(a, EIO, "layer stream");
    return ARCHIVE_FATAL;
  }
}

[[noreturn]] void bad_stream(::archive* a, const LayerStream& s) {
  if (s.error()) std::rethrow_exception(s.error());
  throw Error(Errc::invalid_argument, "layer tar: " + la_error(a));
}

}  // namespace

ExtractResult extract_layer(const ReadFn& read, const std::filesystem::path& dest, const ExtractOptions& opts) {
  Utf8Locale utf8;
  LayerWriter writer(dest);
  LayerStream stream(read, opts);
  ReadPtr inner(archive_read_new());
  if (!inner || archive_read_support_format_tar(inner.get()) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: tar reader unavailable");
  if (archive_read_open(inner.get(), &stream, nullptr, read_stream, nullptr) != ARCHIVE_OK)
    bad_stream(inner.get(), stream);

  uint64_t content = 0;
  archive_entry* e;
  for (;;) {
    int r = archive_read_next_header(inner.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN || r == ARCHIVE_RETRY) bad_stream(inner.get(), stream);
    try {
      content += writer.write(inner.get(), e);
    } catch (const Error&) {
      if (stream.error()) std::rethrow_exception(stream.error());  // the cause, not its symptom
      throw;
    }
  }
  writer.finish();
  // The digest covers the whole stream, including any padding after the end-of-archive blocks.
  const void* buf;
  while (stream.next(&buf) > 0) {
  }
  ExtractResult result = stream.finish();
  result.content_size = content;
  return result;
}

ExtractResult extract_layer(int fd, const std::filesystem::path& dest, const ExtractOptions& opts) {
  std::vector<char> buf(1 << 20);
  ReadFn read = [&](const void** out) -> size_t {
    for (;;) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n >= 0) {
        *out = buf.data();
        return static_cast<size_t>(n);
      }
      if (errno != EINTR) throw_errno("read layer stream");
    }
  };
  return extract_layer(read, dest, opts);
}

}  // namespace strata::archive
