// Appends container output to the json-file log, one entry per line. A line
// longer than 16 KiB is cut into partial entries, and a partial line at EOF is
// written without its "\n", like Docker's log copier.
#pragma once
#include <string>

namespace strata::shim {

class LogWriter {
 public:
  static constexpr size_t kMaxLine = 16 * 1024;
  enum Stream { kStdout = 0, kStderr = 1 };

  void open(int fd) { fd_ = fd; }
  void feed(Stream s, const char* data, size_t len);
  void flush(Stream s);  // at EOF

 private:
  void emit(Stream s, std::string& entries, size_t len, const std::string& now);
  int fd_ = -1;
  std::string pending_[2];
};

}  // namespace strata::shim
