#include "shim/logwriter.h"

#include <string_view>

#include "shim/jsonlog.h"
#include "shim/util.h"

namespace strata::shim {

void LogWriter::emit(Stream s, std::string& entries, size_t len, const std::string& now) {
  std::string_view line(pending_[s].data(), len);
  jsonlog::append_entry(entries, line, s == kStdout ? "stdout" : "stderr", now);
}

void LogWriter::feed(Stream s, const char* data, size_t len) {
  std::string& p = pending_[s];
  std::string entries;
  std::string now;
  size_t start = 0;
  p.append(data, len);
  for (;;) {
    size_t nl = p.find('\n', start);
    size_t end;
    if (nl != std::string::npos && nl - start < kMaxLine) {
      end = nl + 1;
    } else if (p.size() - start >= kMaxLine) {
      end = start + kMaxLine;
    } else {
      break;
    }
    if (now.empty()) now = now_rfc3339nano();
    std::string_view line(p.data() + start, end - start);
    jsonlog::append_entry(entries, line, s == kStdout ? "stdout" : "stderr", now);
    start = end;
  }
  p.erase(0, start);
  if (p.capacity() > 4 * kMaxLine) p.shrink_to_fit();
  if (fd_ >= 0 && !entries.empty()) write_all(fd_, entries);
}

void LogWriter::flush(Stream s) {
  if (pending_[s].empty()) return;
  std::string entries;
  emit(s, entries, pending_[s].size(), now_rfc3339nano());
  pending_[s].clear();
  if (fd_ >= 0) write_all(fd_, entries);
}

}  // namespace strata::shim
