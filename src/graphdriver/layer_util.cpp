#include "graphdriver/layer_util.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <thread>

#include "common/error.h"
#include "common/fd.h"
#include "common/fs.h"

namespace strata::graphdriver::detail {

std::string new_link_name() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out;
  while (out.size() < kLinkLength) {
    unsigned char raw[64];
    if (::getrandom(raw, sizeof raw, 0) != sizeof raw) throw_errno("getrandom");
    for (unsigned char c : raw)
      if (c < 252 && out.size() < kLinkLength) out.push_back(kChars[c % 36]);  // 252 = 7*36: unbiased
  }
  return out;
}

std::string read_optional(const std::filesystem::path& p) {
  try {
    return fs::read_file(p);
  } catch (const Error& e) {
    if (e.code() == Errc::not_found) return "";
    throw;
  }
}

bool is_mounted(const std::filesystem::path& dir) {
  struct stat self {}, parent {};
  if (::lstat(dir.c_str(), &self) != 0 || ::lstat(dir.parent_path().c_str(), &parent) != 0) return false;
  return self.st_dev != parent.st_dev;
}

void make_dir(const std::filesystem::path& p, mode_t mode) {
  if (::mkdir(p.c_str(), mode) != 0) throw_errno("mkdir " + p.string());
  // The umask is process-wide and racy to change: fix the mode afterwards instead.
  if (::chmod(p.c_str(), mode) != 0) throw_errno("chmod " + p.string());
}

void touch(const std::filesystem::path& p, mode_t mode) {
  UniqueFd fd(::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode));
  if (!fd.valid() && errno == EEXIST) return;
  if (!fd.valid()) throw_errno("create " + p.string());
  if (::fchmod(fd.get(), mode) != 0) throw_errno("chmod " + p.string());
}

void sync_files(const std::vector<std::filesystem::path>& files) {
  std::vector<int> errs(files.size(), 0);
  auto sync_one = [&](size_t i) {
    UniqueFd fd(::open(files[i].c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.valid() || ::fsync(fd.get()) != 0) errs[i] = errno;
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < files.size(); ++i) threads.emplace_back(sync_one, i);
  if (!files.empty()) sync_one(0);
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < files.size(); ++i)
    if (errs[i]) throw_errno("fsync " + files[i].string(), errs[i]);
}

}  // namespace strata::graphdriver::detail
