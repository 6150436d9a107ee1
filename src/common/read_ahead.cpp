#include "common/read_ahead.h"

#include <unistd.h>

#include <cerrno>
#include "common/error.h"

namespace strata {

ReadAhead::ReadAhead() {
  for (AlignedBuffer& b : buf_) b = aligned_buffer(kAlign, kChunk);
}

ReadAhead::~ReadAhead() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ReadAhead::issue(int buf) {
  ready_ = -1;
  want_ = buf;
  cv_.notify_all();
}

void ReadAhead::start(int fd, uint64_t size) {
  std::unique_lock lock(m_);
  cv_.wait(lock, [&] { return want_ < 0; });  // a read of the previous file still in flight
  fd_ = fd, offset_ = 0, left_ = size, done_ = size == 0, ready_ = -1;
  if (!thread_.joinable())
    thread_ = std::thread([this] {
      std::unique_lock lock(m_);
      for (;;) {
        cv_.wait(lock, [&] { return want_ >= 0 || stop_; });
        if (stop_) return;
        int fd = fd_, b = want_;
        uint64_t off = offset_;
        // O_DIRECT reads whole blocks: ask for the rest rounded up, at most a chunk.
        size_t len = static_cast<size_t>(std::min<uint64_t>(kChunk, (left_ + kAlign - 1) / kAlign * kAlign));
        lock.unlock();
        ssize_t n;
        do n = ::pread(fd, buf_[b].get(), len, static_cast<off_t>(off));
        while (n < 0 && errno == EINTR);
        if (n < 0) n = -errno;
        lock.lock();
        result_ = n;
        if (n > 0) offset_ += static_cast<uint64_t>(n), left_ -= std::min<uint64_t>(left_, static_cast<uint64_t>(n));
        ready_ = b;
        want_ = -1;
        cv_.notify_all();
      }
    });
  if (!done_) issue(0);
}

const char* ReadAhead::next(ssize_t& len) {
  std::unique_lock lock(m_);
  if (done_) {
    len = 0;
    return buf_[0].get();
  }
  cv_.wait(lock, [&] { return ready_ >= 0; });
  int b = ready_;
  len = result_;
  ready_ = -1;
  if (len > 0 && left_ > 0) issue(b ^ 1);  // the next chunk, while the caller uses this one
  else done_ = true;
  return buf_[b].get();
}

}  // namespace strata
