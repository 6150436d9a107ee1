#include "common/fs.h"

#include <gtest/gtest.h>

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

}  // namespace strata
