#include "common/rootfs.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata {

class RootfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = std::filesystem::temp_directory_path() / ("strata-rootfs-test-" + random_hex(6));
    std::filesystem::create_directories(base / "root");
    std::filesystem::create_directories(base / "outside");
  }
  void TearDown() override { fs::remove_all(base); }
  std::filesystem::path base;
};

TEST_F(RootfsTest, MkdirThroughAbsoluteSymlinkStaysInRoot) {
  // /data -> /outside-ish absolute target: must resolve inside the root.
  std::filesystem::create_directory_symlink(base / "outside", base / "root" / "data");
  // The target does not exist inside the root: refused, nothing made outside.
  EXPECT_THROW(rootfs::mkdir_all_in_root(base / "root", "/data/x/y"), Error);
  EXPECT_FALSE(std::filesystem::exists(base / "outside" / "x"));
  // Once it exists inside the root, the same path lands there.
  std::filesystem::create_directories(base / "root" / base.relative_path() / "outside");
  rootfs::mkdir_all_in_root(base / "root", "/data/x/y");
  EXPECT_FALSE(std::filesystem::exists(base / "outside" / "x"));
  EXPECT_TRUE(std::filesystem::is_directory(base / "root" / base.relative_path() / "outside" / "x" / "y"));
}

TEST_F(RootfsTest, DotDotSymlinkCannotEscape) {
  std::filesystem::create_directory_symlink("../../../..", base / "root" / "up");
  rootfs::mkdir_all_in_root(base / "root", "/up/escaped");
  EXPECT_TRUE(std::filesystem::is_directory(base / "root" / "escaped"));
  EXPECT_FALSE(std::filesystem::exists(base / "escaped"));
}

TEST_F(RootfsTest, OpenMissingIsNotFound) {
  try {
    rootfs::open_in_root(base / "root", "/nope", O_RDONLY);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::not_found);
  }
}

}  // namespace strata
