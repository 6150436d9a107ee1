#include "common/read_ahead.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace strata {

ReadAhead::ReadAhead() {
  for (AlignedBuffer& b : buf_) b = aligned_buffer(kAlign, kChunk);
}

ReadAhead::~ReadAhead() {
  if (pending_.valid()) pending_.wait();  // a read of an abandoned file still in flight
}

void ReadAhead::read_into(int buf) {
  reading_ = buf;
  // O_DIRECT reads whole blocks: ask for the rest rounded up, at most a chunk.
  size_t len = static_cast<size_t>(std::min<uint64_t>(kChunk, (left_ + kAlign - 1) / kAlign * kAlign));
  pending_ = std::async(std::launch::async, [fd = fd_, p = buf_[buf].get(), len, off = offset_] {
    ssize_t n;
    do n = ::pread(fd, p, len, static_cast<off_t>(off));
    while (n < 0 && errno == EINTR);
    return n < 0 ? static_cast<ssize_t>(-errno) : n;
  });
}

void ReadAhead::start(int fd, uint64_t size) {
  if (pending_.valid()) pending_.wait();
  pending_ = {};
  fd_ = fd, offset_ = 0, left_ = size;
  if (size > 0) read_into(0);
}

const char* ReadAhead::next(ssize_t& len) {
  len = 0;
  if (!pending_.valid()) return buf_[0].get();  // the end was handed out already
  int b = reading_;
  len = pending_.get();
  if (len > 0) {
    offset_ += static_cast<uint64_t>(len);
    left_ -= std::min<uint64_t>(left_, static_cast<uint64_t>(len));
    if (left_ > 0) read_into(b ^ 1);  // the next chunk, while the caller uses this one
  }
  return buf_[b].get();
}

}  // namespace strata
