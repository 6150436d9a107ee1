// Stage 1 of extract_layer: the input bytes, decompressed (on a thread of their own when the
// input is compressed), hashed (on another), teed and counted, handed out in blocks to the tar
// reader. Internal to archive/.
#pragma once
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "archive/async_sha256.h"
#include "archive/extract.h"
#include "archive/la_util.h"
#include "common/id.h"

namespace strata::archive {

class LayerStream {
 public:
  // Opens the decompressor; throws invalid_argument for an empty or unreadable stream.
  LayerStream(const ReadFn& read, const ExtractOptions& opts);
  ~LayerStream();
  LayerStream(const LayerStream&) = delete;
  LayerStream& operator=(const LayerStream&) = delete;

  // The next decompressed bytes; 0 at the end. Throws the stream's error (read, corrupt, bomb).
  size_t next(const void** out);
  // After next() returned 0: the digests and sizes (content_size left 0).
  ExtractResult finish();
  // An error met by next(), for callers that had to turn it into a libarchive error first.
  std::exception_ptr error() const { return error_; }
  void set_error(std::exception_ptr e) { if (!error_) error_ = e; }

 private:
  size_t read_outer(const void** out);  // from the decompressor (pump thread or caller)
  void pump();
  static la_ssize_t read_raw(::archive* a, void* ctx, const void** out);

  const ReadFn& read_;
  ExtractOptions opts_;
  Sha256 raw_hash_;
  uint64_t raw_size_ = 0;
  ReadPtr outer_;
  bool compressed_ = false;
  AsyncSha256 hash_;
  uint64_t size_ = 0;
  std::exception_ptr error_;

  // Compressed input: the pump thread inflates into chunks, next() takes them in order.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<char>> chunks_;
  std::vector<char> current_;
  bool pump_done_ = false, stop_ = false;
  std::exception_ptr pump_error_;
  std::thread pump_thread_;
};

}  // namespace strata::archive
