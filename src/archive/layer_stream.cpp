#include "archive/layer_stream.h"

#include <unistd.h>

#include "common/error.h"

namespace strata::archive {

namespace {
constexpr size_t kChunk = 1 << 20;
constexpr size_t kMaxChunks = 8;
}  // namespace

la_ssize_t LayerStream::read_raw(::archive* a, void* ctx, const void** out) {
  auto* self = static_cast<LayerStream*>(ctx);
  try {
    size_t n = self->read_(out);
    if (self->compressed_ || self->outer_ == nullptr) self->raw_hash_.update(*out, n);
    self->raw_size_ += n;
    return static_cast<la_ssize_t>(n);
  } catch (...) {  // never through libarchive's C frames
    self->pump_error_ = std::current_exception();
    archive_set_error(a, EIO, "read layer stream");
    return ARCHIVE_FATAL;
  }
}

LayerStream::LayerStream(const ReadFn& read, const ExtractOptions& opts) : read_(read), opts_(opts) {
  ReadPtr a(archive_read_new());
  // Only in-process filters: nothing forks a helper.
  if (!a || archive_read_support_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_zstd(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_xz(a.get()) != ARCHIVE_OK ||
      archive_read_support_filter_bzip2(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_raw(a.get()) != ARCHIVE_OK)
    throw Error(Errc::system, "libarchive: decompressors unavailable");
  archive_entry* e;
  if (archive_read_open(a.get(), this, nullptr, read_raw, nullptr) != ARCHIVE_OK ||
      archive_read_next_header(a.get(), &e) != ARCHIVE_OK) {
    if (pump_error_) std::rethrow_exception(pump_error_);
    throw Error(Errc::invalid_argument, "layer tar: empty or unreadable stream: " + la_error(a.get()));
  }
  // Bytes read while probing were hashed as raw; a plain stream's raw digest is its diff ID.
  compressed_ = archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_NONE;
  outer_ = std::move(a);
  if (compressed_) pump_thread_ = std::thread([this] { pump(); });
}

LayerStream::~LayerStream() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (pump_thread_.joinable()) pump_thread_.join();
}

size_t LayerStream::read_outer(const void** out) {
  size_t len = 0;
  la_int64_t offset;
  do {
    int r = archive_read_data_block(outer_.get(), out, &len, &offset);
    if (r == ARCHIVE_EOF) return 0;
    if (r < ARCHIVE_WARN) {
      if (pump_error_) std::rethrow_exception(pump_error_);
      throw Error(Errc::invalid_argument,
                  "layer tar: " + la_error(outer_.get(), "truncated or corrupt compressed stream"));
    }
  } while (len == 0);
  return len;
}

void LayerStream::pump() {
  try {
    for (bool end = false; !end;) {
      std::vector<char> chunk;
      chunk.reserve(kChunk);
      while (chunk.size() < kChunk / 2) {
        const void* p;
        size_t n = read_outer(&p);
        if (n == 0) {
          end = true;
          break;
        }
        chunk.insert(chunk.end(), static_cast<const char*>(p), static_cast<const char*>(p) + n);
      }
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [this] { return chunks_.size() < kMaxChunks || stop_; });
        if (stop_) return;
        if (!chunk.empty()) chunks_.push_back(std::move(chunk));
      }
      cv_.notify_all();
    }
  } catch (...) {
    std::lock_guard lk(mu_);
    pump_error_ = std::current_exception();
  }
  {
    std::lock_guard lk(mu_);
    pump_done_ = true;
  }
  cv_.notify_all();
}

size_t LayerStream::next(const void** out) {
  size_t n;
  if (!compressed_) {
    n = read_outer(out);
  } else {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [this] { return !chunks_.empty() || pump_done_; });
    if (chunks_.empty()) {
      if (pump_error_) std::rethrow_exception(pump_error_);
      return 0;
    }
    current_ = std::move(chunks_.front());
    chunks_.pop_front();
    lk.unlock();
    cv_.notify_all();
    *out = current_.data();
    n = current_.size();
  }
  size_ += n;
  if (opts_.max_tar_size && size_ > opts_.max_tar_size)
    throw Error(Errc::invalid_argument, "layer tar: the stream expands beyond " + std::to_string(opts_.max_tar_size) +
                                            " bytes, the space left for it: no space left on device");
  hash_.update(*out, n);
  for (const char* p = static_cast<const char*>(*out); opts_.tee_fd >= 0 && p < static_cast<const char*>(*out) + n;) {
    ssize_t w = ::write(opts_.tee_fd, p, static_cast<const char*>(*out) + n - p);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw_errno("write layer blob");
    p += w;
  }
  return n;
}

ExtractResult LayerStream::finish() {
  ExtractResult r{};
  r.diff_id = hash_.digest();
  r.tar_size = size_;
  r.raw_digest = compressed_ ? raw_hash_.digest() : r.diff_id;
  r.raw_size = raw_size_;
  return r;
}

}  // namespace strata::archive
