#include "common/out_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

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
  void* p = nullptr;
  if (::posix_memalign(&p, kAlign, kStage) != 0) throw Error(Errc::system, "out of memory");
  stage_ = {static_cast<char*>(p), std::free};
  direct_ = true;
}

OutFile::~OutFile() {
  try {
    finish();
  } catch (...) {
  }
}

void OutFile::write_all(const char* p, size_t len) {
  while (len > 0) {
    ssize_t n = ::write(fd_, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno(name_.empty() ? "write" : "write " + name_);
    p += n;
    len -= static_cast<size_t>(n);
  }
}

void OutFile::write(const void* data, size_t len) {
  const char* p = static_cast<const char*>(data);
  if (!direct_) return write_all(p, len);
  while (len > 0) {
    size_t n = std::min(len, kStage - used_);
    std::memcpy(stage_.get() + used_, p, n);
    used_ += n, p += n, len -= n;
    if (used_ == kStage) {
      write_all(stage_.get(), kStage);
      used_ = 0;
    }
  }
}

void OutFile::finish() {
  if (!direct_) return;
  direct_ = false;
  size_t aligned = used_ - used_ % kAlign;
  write_all(stage_.get(), aligned);
  int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT);
  write_all(stage_.get() + aligned, used_ - aligned);
  used_ = 0;
}

}  // namespace strata
