// Writes a stream to a file descriptor; when the descriptor was opened with O_DIRECT (save and
// export -o open their output so, commit its large files), the bytes go around the page cache
// through aligned stages, written by a second thread while the caller fills the next stage.
// Why: on this kind of VM a buffered write of 1 GiB into memory the guest never touched took
// 0.9-3.1 s and an O_DIRECT one 0.6 s (bench/RESULTS.md), a multi-GiB archive written once does
// not evict the page cache that containers are using, and save's reads of a cold layer overlap
// its writes instead of taking turns with them.
#pragma once
#include <cstddef>
#include <future>
#include <memory>
#include <string>

#include "common/aligned_buffer.h"

namespace strata {

class OutFile {
 public:
  // `name` is for error messages ("write NAME: ...").
  explicit OutFile(int fd, std::string name = "");
  ~OutFile();
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;

  // Throws Error(system) with errno's text on failure (a background write's failure surfaces at a
  // later write() or at finish()).
  void write(const void* data, size_t len);
  // Writes what is staged (the unaligned tail with O_DIRECT cleared). Called by the destructor too,
  // where a failure is dropped: call it to see errors.
  void finish();
  bool direct() const { return direct_; }

  static constexpr size_t kAlign = 4096;
  static constexpr size_t kStage = 4 << 20;

 private:
  int write_all(const char* p, size_t len);  // 0 or errno
  void hand_over();                          // the full stage to a background write
  int wait_written();                        // 0 or the background write's errno
  [[noreturn]] void fail(int err);

  int fd_;
  std::string name_;
  bool direct_ = false;
  AlignedBuffer stage_[2] = {AlignedBuffer(nullptr, nullptr), AlignedBuffer(nullptr, nullptr)};
  int cur_ = 0;
  size_t used_ = 0;
  std::future<int> written_;  // the other stage's write; declared last: waited for before the stages go
};

}  // namespace strata
