// The intent journal: how the next command knows that a multi-step change
// was cut short (kill -9, power cut) and that leftovers need collecting.
//
// Every multi-step change holds an Intent for its duration: a file in
// <root>/intents plus a shared flock on <root>/intents/.lock. A crash leaves
// the file behind. The next command that sees a file there takes the lock
// exclusively (so no change is in flight) and runs recovery, which removes
// what no record points to; then it clears the files.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "common/fd.h"

namespace strata::store {

class Journal {
 public:
  class Intent {
   public:
    Intent(Intent&&) noexcept = default;
    Intent& operator=(Intent&&) = delete;
    ~Intent();

   private:
    friend class Journal;
    Intent(UniqueFd lock, std::filesystem::path file) : lock_(std::move(lock)), file_(std::move(file)) {}
    UniqueFd lock_;
    std::filesystem::path file_;
  };

  explicit Journal(std::filesystem::path dir);

  // Marks the start of a multi-step change named `op` (shown in reports).
  Intent begin(const std::string& op);
  // If a cut-short change left its mark and no change is in flight, runs
  // `recover` with every change blocked, then clears the marks. Returns the
  // names of the cut-short changes (empty when there was nothing to do).
  std::vector<std::string> recover_if_needed(const std::function<void()>& recover);
  // Waits until no change is in flight, runs `fn` with every change blocked,
  // and returns the names of the cut-short changes; `clear` removes their marks.
  std::vector<std::string> exclusive(const std::function<void()>& fn, bool clear);

 private:
  std::filesystem::path dir_;
};

}  // namespace strata::store
