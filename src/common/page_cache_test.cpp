#include "common/page_cache.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata {

TEST(PageCache, TellsACachedFileFromAnEvictedOne) {
  // /var/tmp: a disk filesystem (tmpfs pages cannot be evicted).
  auto path = std::filesystem::path("/var/tmp") / ("strata-pagecache-test-" + random_hex(6));
  std::string data(4 << 20, 'x');
  fs::write_file_atomic(path, data, true);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  std::string buf(data.size(), '\0');
  ASSERT_EQ(::pread(fd.get(), buf.data(), buf.size(), 0), static_cast<ssize_t>(buf.size()));
  EXPECT_TRUE(mostly_cached(fd.get(), data.size()));
  ASSERT_EQ(::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED), 0);  // clean pages: dropped
  EXPECT_FALSE(mostly_cached(fd.get(), data.size()));
  std::filesystem::remove(path);
}

TEST(PageCache, AnOverlayFileCountsAsCachedWhenItsLayerFileIs) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting overlayfs needs root";
  auto dir = std::filesystem::path("/var/tmp") / ("strata-pagecache-ovl-" + random_hex(6));
  for (auto* d : {"lower", "upper", "work", "merged"}) std::filesystem::create_directories(dir / d);
  std::string data(4 << 20, 'y');
  fs::write_file_atomic(dir / "upper" / "f", data, false);  // in the page cache, as a container's writes are
  std::string opts = "lowerdir=" + (dir / "lower").string() + ",upperdir=" + (dir / "upper").string() +
                     ",workdir=" + (dir / "work").string();
  ASSERT_EQ(::mount("overlay", (dir / "merged").c_str(), "overlay", 0, opts.c_str()), 0);
  {
    UniqueFd fd(::open((dir / "merged" / "f").c_str(), O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(fd.valid());
    EXPECT_TRUE(mostly_cached(fd.get(), data.size()));  // cachestat on it says 0 pages
  }
  ::umount2((dir / "merged").c_str(), MNT_DETACH);
  fs::remove_all(dir);
}

}  // namespace strata
