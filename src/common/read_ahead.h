// Reads a file from its start in large chunks, the next chunk read by a helper thread while the
// caller uses the current one. For O_DIRECT reads, which wait on the disk with nothing in flight:
// save of a 1 GiB layer that is not in the page cache spent 1.4 s reading and tarring it (to
// /dev/null) where the disk alone reads it in 0.75 s.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "common/aligned_buffer.h"

namespace strata {

class ReadAhead {
 public:
  static constexpr size_t kChunk = 4 << 20, kAlign = 4096;
  ReadAhead();  // two aligned kChunk buffers; the thread starts with the first file
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Starts reading `fd` (at offset 0; O_DIRECT or not) for at most `size` bytes.
  void start(int fd, uint64_t size);
  // The next chunk (its length 0 at the end of the file); valid until the next call. A read
  // error is returned as -errno. The previous chunk must no longer be in use.
  const char* next(ssize_t& len);

 private:
  void issue(int buf);  // the read of the next chunk into buf (m_ held)
  AlignedBuffer buf_[2] = {AlignedBuffer(nullptr, nullptr), AlignedBuffer(nullptr, nullptr)};
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  // guarded by m_
  int fd_ = -1;
  uint64_t offset_ = 0, left_ = 0;
  int want_ = -1;     // buffer the thread is to fill next, -1 when idle
  int ready_ = -1;    // buffer filled last
  ssize_t result_ = 0;
  bool done_ = false;  // the file's last chunk was handed out
  bool stop_ = false;
};

}  // namespace strata
