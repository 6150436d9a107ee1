#include "common/out_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "common/aligned_buffer.h"
#include "common/error.h"

namespace strata {

OutFile::OutFile(int fd, std::string name) : fd_(fd), name_(std::move(name)) {
  int flags = fd >= 0 ? ::fcntl(fd, F_GETFL) : -1;
  // Direct writes must start at an aligned offset; a descriptor someone already wrote to is
  // written through the page cache as usual.
  if (flags < 0 || !(flags & O_DIRECT) || ::lseek(fd, 0, SEEK_CUR) % static_cast<off_t>(kAlign) != 0) {
    if (flags >= 0 && (flags & O_DIRECT)) ::fcntl(fd, F_SETFL, flags & ~O_DIRECT);
    return;
  }
  for (AlignedBuffer& b : stage_) b = aligned_buffer(kAlign, kStage);
  direct_ = true;
}

OutFile::~OutFile() {
  try {
    finish();
  } catch (...) {
  }
  wait_written();
}

void OutFile::fail(int err) { throw_errno(name_.empty() ? "write" : "write " + name_, err); }

int OutFile::write_all(const char* p, size_t len) {
  while (len > 0) {
    ssize_t n = ::write(fd_, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return 0;
}

int OutFile::wait_written() { return written_.valid() ? written_.get() : 0; }

void OutFile::hand_over() {
  if (int err = wait_written()) fail(err);
  written_ = std::async(std::launch::async, [this, p = stage_[cur_].get()] { return write_all(p, kStage); });
  cur_ ^= 1;  // fill the other stage meanwhile
  used_ = 0;
}

void OutFile::write(const void* data, size_t len) {
  const char* p = static_cast<const char*>(data);
  if (!direct_) {
    if (int err = write_all(p, len)) fail(err);
    return;
  }
  while (len > 0) {
    size_t n = std::min(len, kStage - used_);
    std::memcpy(stage_[cur_].get() + used_, p, n);
    used_ += n, p += n, len -= n;
    if (used_ == kStage) hand_over();
  }
}

void OutFile::finish() {
  if (!direct_) return;
  direct_ = false;
  int err = wait_written();
  if (err) fail(err);
  size_t aligned = used_ - used_ % kAlign;
  if ((err = write_all(stage_[cur_].get(), aligned))) fail(err);
  int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT);
  if ((err = write_all(stage_[cur_].get() + aligned, used_ - aligned))) fail(err);
  used_ = 0;
}

}  // namespace strata
