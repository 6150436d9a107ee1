#include "store/journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "common/id.h"

namespace strata::store {

namespace {
UniqueFd open_lock(const std::filesystem::path& dir) {
  auto path = dir / ".lock";
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.valid()) throw_errno("open " + path.string());
  return fd;
}

std::vector<std::filesystem::path> marks(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename() != ".lock") out.push_back(e.path());
  return out;
}

// The op names of the marks (file names are "<op>-<random>"), removing them if asked.
std::vector<std::string> clear_marks(const std::vector<std::filesystem::path>& found, bool clear) {
  std::vector<std::string> names;
  for (auto& p : found) {
    auto name = p.filename().string();
    names.push_back(name.substr(0, name.rfind('-')));
    if (clear) ::unlink(p.c_str());
  }
  return names;
}
}  // namespace

Journal::Journal(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw Error(Errc::system, "create " + dir_.string() + ": " + ec.message());
}

Journal::Intent::~Intent() {
  if (!file_.empty()) ::unlink(file_.c_str());
}

Journal::Intent Journal::begin(const std::string& op) {
  UniqueFd lock = open_lock(dir_);
  while (::flock(lock.get(), LOCK_SH) != 0)
    if (errno != EINTR) throw_errno("lock " + dir_.string());
  auto file = dir_ / (op + "-" + random_hex(8));
  UniqueFd f(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!f.valid()) throw_errno("create " + file.string());
  return Intent(std::move(lock), std::move(file));
}

std::vector<std::string> Journal::recover_if_needed(const std::function<void()>& recover) {
  if (marks(dir_).empty()) return {};  // the common case: one readdir
  UniqueFd lock = open_lock(dir_);
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) return {};  // changes in flight: a later command recovers
  auto found = marks(dir_);  // with the lock held, every mark is a cut-short change
  if (found.empty()) return {};
  recover();
  return clear_marks(found, true);
}

std::vector<std::string> Journal::exclusive(const std::function<void()>& fn, bool clear) {
  UniqueFd lock = open_lock(dir_);
  while (::flock(lock.get(), LOCK_EX) != 0)
    if (errno != EINTR) throw_errno("lock " + dir_.string());
  auto found = marks(dir_);
  fn();
  return clear_marks(found, clear);
}

}  // namespace strata::store
