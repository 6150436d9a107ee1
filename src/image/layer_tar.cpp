#include "image/layer_tar.h"

#include <fcntl.h>
#include <sys/statvfs.h>

#include <vector>

#include "archive/async_sha256.h"
#include "archive/diff_tar.h"
#include "common/error.h"
#include "common/fd.h"
#include "graphdriver/overlay2.h"

namespace strata::image {

std::filesystem::path layer_tar_path(const std::filesystem::path& diff_dir) {
  return diff_dir.parent_path() / "layer.tar";
}

namespace {
[[noreturn]] void changed(const LayerRecord& l, const std::string& what) {
  throw Error(Errc::system, "layer " + l.diff_id + " is damaged on disk: " + what +
                                " (remove the image and load or pull it again)");
}

// The kept tar, hashed while it is copied.
void copy_kept(const std::filesystem::path& path, const LayerRecord& l, const WriteFn& out) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open " + path.string());
  archive::AsyncSha256 hash;
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read " + path.string());
    if (n == 0) break;
    total += static_cast<uint64_t>(n);
    if (total > static_cast<uint64_t>(l.tar_size)) changed(l, path.string() + " grew");
    hash.update(buf.data(), static_cast<size_t>(n));
    out(buf.data(), static_cast<size_t>(n));
  }
  if (total != static_cast<uint64_t>(l.tar_size)) changed(l, path.string() + " has the wrong size");
  if (hash.digest() != l.diff_id) changed(l, path.string() + " does not match its digest");
}
}  // namespace

void write_layer_tar(graphdriver::Overlay2& driver, const LayerRecord& l, const WriteFn& out) {
  const auto diff = driver.diff_dir(l.cache_id);
  const auto kept = layer_tar_path(diff);
  std::error_code ec;
  if (std::filesystem::exists(kept, ec)) return copy_kept(kept, l, out);
  uint64_t total = 0;
  archive::TarOptions o;
  o.overlay_whiteouts = true;
  o.out = [&](const void* p, size_t n) {
    total += n;
    if (total > static_cast<uint64_t>(l.tar_size)) changed(l, "its files changed (the tar grew)");
    out(p, n);
  };
  archive::TarResult r = archive::write_tar(diff, -1, o);
  if (r.size != static_cast<uint64_t>(l.tar_size) || r.digest != l.diff_id) changed(l, "its files changed");
}

uint64_t layer_space(const std::filesystem::path& dir) {
  struct statvfs s {};
  if (::statvfs(dir.c_str(), &s) != 0) throw_errno("statvfs " + dir.string());
  const uint64_t total = static_cast<uint64_t>(s.f_blocks) * s.f_frsize;
  const uint64_t avail = static_cast<uint64_t>(s.f_bavail) * s.f_frsize;
  const uint64_t reserve = total / 10;
  return avail > reserve + 2 ? avail - reserve : 2;
}

}  // namespace strata::image
