#include "archive/diff_tar.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/xattr.h>

#include "archive/tar_listing_test_util.h"
#include "common/fd.h"
#include "common/page_cache.h"
#include "archive/tree_snapshot_test_util.h"

namespace strata::archive {
namespace {

using namespace testing;

// write_tar of `dir`, checking the digest and size it reports against the bytes.
std::string tar_of(const std::filesystem::path& dir, bool whiteouts) {
  TarResult r;
  std::string bytes = write_tar_bytes(dir, whiteouts, r);
  EXPECT_EQ(r.digest, sha256_digest(bytes));
  EXPECT_EQ(r.size, bytes.size());
  return bytes;
}

std::vector<std::string> names(const std::vector<TarEntry>& entries) {
  std::vector<std::string> out;
  for (const TarEntry& e : entries) out.push_back(e.name);
  return out;
}

void put(const std::filesystem::path& p, const std::string& data) { fs::write_file_atomic(p, data, false); }

TEST(DiffTar, ReadsALargeFileTheCacheDoesNotHoldAroundItWithTheSameBytes) {
  TempDir d;
  std::string big((3 << 20) + 1000, '\0');  // an odd tail: O_DIRECT reads whole blocks
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + i / 4096);
  put(d.path() / "big", big);
  std::string cached = tar_of(d.path(), false);
  UniqueFd fd(::open((d.path() / "big").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_EQ(::fdatasync(fd.get()), 0);
  ASSERT_EQ(::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED), 0);
  if (mostly_cached(fd.get(), big.size())) GTEST_SKIP() << "no cachestat(2) or no eviction here";
  EXPECT_EQ(tar_of(d.path(), false), cached);
}

TEST(DiffTar, ConvertsOverlayWhiteoutsAndOpaqueDirs) {
  TempDir upper;
  put(upper / "a", "A");
  ASSERT_EQ(::mknod((upper / "gone").c_str(), S_IFCHR | 0, makedev(0, 0)), 0);
  ASSERT_EQ(::lchown((upper / "gone").c_str(), 7, 8), 0);
  std::filesystem::create_directory(upper / "d");
  put(upper / "d/x", "x");
  const struct timespec times[2] = {{0, UTIME_OMIT}, {1700000000, 123456789}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (upper / "d").c_str(), times, AT_SYMLINK_NOFOLLOW), 0);
  for (auto [k, v] :
       {std::pair{"trusted.overlay.opaque", "y"}, {"trusted.overlay.origin", "o"}, {"user.keep", "1"}})
    ASSERT_EQ(::lsetxattr((upper / "d").c_str(), k, v, 1, 0), 0) << k;

  auto entries = list_tar(tar_of(upper.path(), true));
  ASSERT_EQ(names(entries), (std::vector<std::string>{"a", "d/", "d/.wh..wh..opq", "d/x", ".wh.gone"}));
  EXPECT_EQ(entries[1].xattrs, (std::vector<std::pair<std::string, std::string>>{{"user.keep", "1"}}));
  EXPECT_EQ(entries[1].mtime, 1700000000);  // whole seconds, like Docker, even in a pax header
  EXPECT_EQ(entries[1].mtime_nsec, 0);
  for (int i : {2, 4}) {
    EXPECT_EQ(entries[i].type, AE_IFREG);
    EXPECT_EQ(entries[i].perm, 0600u);
    EXPECT_EQ(entries[i].data, "");
    EXPECT_TRUE(entries[i].xattrs.empty());
  }
  EXPECT_EQ(entries[4].uid, 7);
  EXPECT_EQ(entries[4].gid, 8);

  auto plain = list_tar(tar_of(upper.path(), false));
  ASSERT_EQ(names(plain), (std::vector<std::string>{"a", "d/", "d/x", "gone"}));
  EXPECT_EQ(plain[1].xattrs.size(), 1u);  // trusted.overlay.* dropped in both modes
  EXPECT_EQ(plain[3].type, AE_IFCHR);
}

TEST(DiffTar, SortsParentsFirstWithDockerNames) {
  TempDir dir;
  std::filesystem::create_directories(dir / "b/c");
  std::filesystem::create_directories(dir / "a");
  put(dir / "b/c/d", "d");
  put(dir / "a-b", "ab");
  put(dir / "a/z", "z");
  auto entries = list_tar(tar_of(dir.path(), false));
  EXPECT_EQ(names(entries), (std::vector<std::string>{"a/", "a/z", "a-b", "b/", "b/c/", "b/c/d"}));
  EXPECT_EQ(entries[1].data, "z");
}

TEST(DiffTar, WritesHardlinksOnceAndSkipsSockets) {
  TempDir dir;
  put(dir / "x", "data");
  std::filesystem::create_hard_link(dir / "x", dir / "y");
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{.sun_family = AF_UNIX, .sun_path = {}};
  std::string sock = (dir / "sock").string();
  sock.copy(addr.sun_path, sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::close(s);
  auto entries = list_tar(tar_of(dir.path(), false));
  ASSERT_EQ(names(entries), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(entries[0].data, "data");
  EXPECT_EQ(entries[1].hardlink, "x");
  EXPECT_EQ(entries[1].data, "");
}

}  // namespace
}  // namespace strata::archive
