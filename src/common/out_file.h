// Writes a stream to a file descriptor; when the descriptor was opened with O_DIRECT (save and
// export -o open their output so), the bytes go around the page cache through an aligned buffer.
// Why: on this kind of VM a buffered write of 1 GiB into memory the guest never touched took
// 0.9-3.1 s and an O_DIRECT one 0.6 s (bench/RESULTS.md), and a multi-GiB archive written once
// does not evict the page cache that containers are using.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace strata {

class OutFile {
 public:
  // `name` is for error messages ("write NAME: ...").
  explicit OutFile(int fd, std::string name = "");
  ~OutFile();
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;

  // Throws Error(system) with errno's text on failure.
  void write(const void* data, size_t len);
  // Writes what is staged (the unaligned tail with O_DIRECT cleared). Called by the destructor too,
  // where a failure is dropped: call it to see errors.
  void finish();
  bool direct() const { return direct_; }

  static constexpr size_t kAlign = 4096;
  static constexpr size_t kStage = 4 << 20;

 private:
  void write_all(const char* p, size_t len);
  int fd_;
  std::string name_;
  bool direct_ = false;
  std::unique_ptr<char, void (*)(void*)> stage_{nullptr, nullptr};
  size_t used_ = 0;
};

}  // namespace strata
