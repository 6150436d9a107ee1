// sha256 on a worker thread: update() queues a copy of the bytes and returns, so hashing (the
// costliest step of commit, save, load and import: ~1.6 GB/s with SHA-NI) overlaps the caller's
// reading and writing on another core.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/id.h"

namespace strata::archive {

class AsyncSha256 {
 public:
  AsyncSha256();
  ~AsyncSha256();  // stops the worker (a digest never asked for is dropped)
  AsyncSha256(const AsyncSha256&) = delete;
  AsyncSha256& operator=(const AsyncSha256&) = delete;

  // Copies `len` bytes into the current chunk; full chunks go to the worker. Blocks only when
  // the worker is kMaxQueued chunks behind (memory stays bounded).
  void update(const void* data, size_t len);
  // "sha256:<hex>" of everything passed to update(); waits for the worker. Call once.
  std::string digest();

  static constexpr size_t kChunk = 1 << 20;
  static constexpr size_t kMaxQueued = 8;

 private:
  void submit();  // hands cur_ to the worker
  void run();

  std::vector<char> cur_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<char>> queue_, free_;
  bool done_ = false;
  Sha256 hash_;
  std::thread worker_;
};

}  // namespace strata::archive
