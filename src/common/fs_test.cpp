#include "common/fs.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include "common/error.h"
#include "common/id.h"

namespace strata {

class FsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("strata-fs-test-" + random_hex(6));
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_F(FsTest, AtomicWriteReplacesWholeContentAndLeavesNoTemp) {
  fs::write_file_atomic(dir / "f", "old");
  fs::write_file_atomic(dir / "f", "new content");
  EXPECT_EQ(fs::read_file(dir / "f"), "new content");
  int entries = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) (void)e, ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(FsTest, ReadMissingIsNotFound) {
  try {
    fs::read_file(dir / "missing");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::not_found);
  }
}

TEST_F(FsTest, RemoveAllDoesNotFollowSymlinks) {
  std::filesystem::create_directories(dir / "outside");
  fs::write_file_atomic(dir / "outside" / "keep", "x");
  std::filesystem::create_directories(dir / "tree");
  std::filesystem::create_directory_symlink(dir / "outside", dir / "tree" / "link");
  fs::remove_all(dir / "tree");
  EXPECT_TRUE(std::filesystem::exists(dir / "outside" / "keep"));
  EXPECT_FALSE(std::filesystem::exists(dir / "tree"));
}

TEST_F(FsTest, RemoveTreesTakesNestedTreesWholeAndFollowsNoSymlink) {
  namespace stdfs = std::filesystem;
  auto outside = dir / "outside";
  stdfs::create_directories(outside / "keep");
  fs::write_file_atomic(outside / "keep" / "f", "x", false);
  auto a = dir / "a", b = dir / "b";
  stdfs::create_directories(a / "diff" / "dev" / "pts");
  stdfs::create_directories(a / "diff" / "etc");
  stdfs::create_directories(a / "work" / "work");
  fs::write_file_atomic(a / "link", "L", false);
  fs::write_file_atomic(a / "diff" / "etc" / "hosts", "h", false);
  stdfs::create_symlink(outside, a / "diff" / "etc" / "to-outside");
  stdfs::create_directory_symlink(outside / "keep", a / "diff" / "dirlink");
  stdfs::create_directories(b / "x");
  ::chmod((a / "work" / "work").c_str(), 0);  // overlay's workdir is mode 000
  fs::remove_trees({a, "", dir / "missing", b});
  EXPECT_FALSE(stdfs::exists(a));
  EXPECT_FALSE(stdfs::exists(b));
  EXPECT_EQ(fs::read_file(outside / "keep" / "f"), "x");
  fs::remove_trees({});
}

}  // namespace strata

namespace strata {

// The bind mount of a directory of the same filesystem keeps its device number: only the mount
// table (or statx's STATX_ATTR_MOUNT_ROOT) tells it is a mount point. volume rm relies on it to
// unmount a `none`+`bind` volume instead of deleting the user's directory through it.
TEST_F(FsTest, BindMountOfTheSameFilesystemIsAMountPoint) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
  std::filesystem::create_directories(dir / "src");
  std::filesystem::create_directories(dir / "dst");
  EXPECT_FALSE(fs::is_mount_point(dir / "dst"));
  ASSERT_EQ(::mount((dir / "src").c_str(), (dir / "dst").c_str(), nullptr, MS_BIND, nullptr), 0);
  EXPECT_TRUE(fs::is_mount_point(dir / "dst"));
  EXPECT_FALSE(fs::is_mount_point(dir / "src"));
  ::umount2((dir / "dst").c_str(), MNT_DETACH);
  EXPECT_FALSE(fs::is_mount_point(dir / "dst"));
}

}  // namespace strata
