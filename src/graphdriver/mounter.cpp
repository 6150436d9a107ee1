// The kernel Mounter. Relative options (l/<link>, <id>/diff) are resolved against the driver home
// from a short-lived thread that unshares its fs struct (CLONE_FS) and chdirs there, as moby's
// mountFrom does, so the process cwd is never touched. Options that fit in a page go to mount(2);
// longer ones (more than ~140 lowers) go through the new mount API, which takes one "lowerdir+"
// per layer (Linux 6.8+) and so has no length limit below overlayfs' 500 layers.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <functional>
#include <string_view>
#include <thread>

#include "common/error.h"
#include "common/fd.h"
#include "graphdriver/overlay2.h"

namespace strata::graphdriver {
namespace {

constexpr size_t kPage = 4096;  // mount(2) copies at most one page of options

void run_in_dir(const std::filesystem::path& dir, const std::function<void()>& fn) {
  std::exception_ptr err;
  std::thread t([&] {
    try {
      if (::unshare(CLONE_FS) != 0) throw_errno("unshare(CLONE_FS)");
      if (::chdir(dir.c_str()) != 0) throw_errno("chdir " + dir.string());
      fn();
    } catch (...) {
      err = std::current_exception();
    }
  });
  t.join();
  if (err) std::rethrow_exception(err);
}

// Splits on `sep`; overlay options never need escapes here (ids and links are [a-z0-9A-Z-]).
std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (size_t start = 0;;) {
    size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

void mount_legacy(const std::string& options, const std::filesystem::path& target) {
  if (::mount("overlay", target.c_str(), "overlay", 0, options.c_str()) != 0)
    throw_errno("mount overlay on " + target.string() + " (" + options + ")");
}

// Returns false (nothing mounted) if this kernel lacks the new API or "lowerdir+".
bool mount_new_api(const std::string& options, const std::filesystem::path& target) {
  UniqueFd fs(::fsopen("overlay", FSOPEN_CLOEXEC));
  if (!fs.valid()) {
    if (errno == ENOSYS) return false;
    throw_errno("fsopen overlay");
  }
  auto fail = [&](const std::string& what) {
    int err = errno;
    std::string msg = what + ": " + std::strerror(err);
    char buf[512];  // the kernel's own explanation, e.g. "overlay: failed to resolve 'l/X'"
    for (ssize_t n; (n = ::read(fs.get(), buf, sizeof buf - 1)) > 0;) msg += " [" + std::string(buf, n) + "]";
    throw Error(Errc::system, msg);
  };
  auto set = [&](const std::string& key, const std::string* value) {
    int r = value ? ::fsconfig(fs.get(), FSCONFIG_SET_STRING, key.c_str(), value->c_str(), 0)
                  : ::fsconfig(fs.get(), FSCONFIG_SET_FLAG, key.c_str(), nullptr, 0);
    return r == 0;
  };
  for (const std::string& opt : split(options, ',')) {
    size_t eq = opt.find('=');
    if (eq == std::string::npos) {
      if (!set(opt, nullptr)) fail("fsconfig " + opt);
      continue;
    }
    std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
    if (key != "lowerdir") {
      if (!set(key, &value)) fail("fsconfig " + opt);
      continue;
    }
    bool first = true;
    for (const std::string& dir : split(value, ':')) {
      if (set("lowerdir+", &dir)) {
        first = false;
        continue;
      }
      if (first && errno == EINVAL) return false;  // before Linux 6.8
      fail("fsconfig lowerdir+=" + dir);
    }
  }
  if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0) fail("create overlay");
  UniqueFd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, 0));
  if (!mnt.valid()) fail("fsmount overlay");
  if (::move_mount(mnt.get(), "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
    throw_errno("move_mount overlay to " + target.string());
  return true;
}

class KernelMounter : public Mounter {
 public:
  void mount_overlay(const std::filesystem::path& home, const std::string& options,
                     const std::filesystem::path& target) override {
    run_in_dir(home, [&] {
      if (options.size() < kPage) return mount_legacy(options, target);
      if (!mount_new_api(options, target))
        throw Error(Errc::system, "mount overlay on " + target.string() + ": " + std::to_string(options.size()) +
                                      " bytes of options need the new mount API (\"lowerdir+\", Linux 6.8+)");
    });
  }
  void unmount(const std::filesystem::path& target) override {
    if (::umount2(target.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
      throw_errno("unmount " + target.string());
  }
};

}  // namespace

std::unique_ptr<Mounter> make_kernel_mounter() { return std::make_unique<KernelMounter>(); }

}  // namespace strata::graphdriver
