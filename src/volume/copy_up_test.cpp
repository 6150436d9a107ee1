#include "volume/copy_up.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "common/fs.h"
#include "common/id.h"

namespace strata::volume {

class CopyUpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = std::filesystem::temp_directory_path() / ("strata-copyup-test-" + random_hex(6));
    for (auto* d : {"root/etc/sub", "outside", "data"}) std::filesystem::create_directories(base / d);
  }
  void TearDown() override { fs::remove_all(base); }
  std::filesystem::path base;
};

TEST_F(CopyUpTest, CopiesTreeKeepingOwnersModesLinks) {
  auto etc = base / "root/etc";
  std::ofstream(etc / "passwd") << "root:x:0:0::/root:/bin/sh\n";
  ::chown((etc / "passwd").c_str(), 1000, 1001);
  ::chmod((etc / "passwd").c_str(), 0640);
  ::chmod((etc / "sub").c_str(), 0710);
  ::chown(etc.c_str(), 5, 6);
  ::chmod(etc.c_str(), 0750);
  std::filesystem::create_symlink("/etc/passwd", etc / "link");
  std::filesystem::create_hard_link(etc / "passwd", etc / "sub" / "hard");
  ASSERT_TRUE(copy_image_content(base / "root", "/etc", base / "data"));
  struct stat a {}, b {};
  ASSERT_EQ(::stat((base / "data/passwd").c_str(), &a), 0);
  EXPECT_EQ(a.st_uid, 1000u);
  EXPECT_EQ(a.st_gid, 1001u);
  EXPECT_EQ(a.st_mode & 07777, 0640u);
  ASSERT_EQ(::stat((base / "data/sub/hard").c_str(), &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino);
  EXPECT_EQ(std::filesystem::read_symlink(base / "data/link"), "/etc/passwd");
  ASSERT_EQ(::stat((base / "data/sub").c_str(), &a), 0);
  EXPECT_EQ(a.st_mode & 07777, 0710u);
  // _data takes the owner and mode of the image's directory.
  ASSERT_EQ(::stat((base / "data").c_str(), &a), 0);
  EXPECT_EQ(a.st_uid, 5u);
  EXPECT_EQ(a.st_mode & 07777, 0750u);
  EXPECT_EQ(fs::read_file(base / "data/passwd"), "root:x:0:0::/root:/bin/sh\n");
}

TEST_F(CopyUpTest, NothingWhenMissingNotDirOrVolumeNotEmpty) {
  EXPECT_FALSE(copy_image_content(base / "root", "/nope", base / "data"));
  std::ofstream(base / "root/file") << "x";
  EXPECT_FALSE(copy_image_content(base / "root", "/file", base / "data"));
  std::ofstream(base / "data/mine") << "keep";
  std::ofstream(base / "root/etc/new") << "x";
  EXPECT_FALSE(copy_image_content(base / "root", "/etc", base / "data"));
  EXPECT_FALSE(std::filesystem::exists(base / "data/new"));
}

TEST_F(CopyUpTest, SymlinkInImageNeverLeadsToHost) {
  // /data in the image points at a host path (absolute and relative forms).
  std::ofstream(base / "outside/secret") << "host";
  std::filesystem::create_directory_symlink(base / "outside", base / "root/abs");
  std::filesystem::create_directory_symlink("../../../../../../../../" + (base / "outside").relative_path().string(),
                                            base / "root/rel");
  EXPECT_FALSE(copy_image_content(base / "root", "/abs", base / "data"));
  EXPECT_FALSE(copy_image_content(base / "root", "/rel", base / "data"));
  EXPECT_TRUE(std::filesystem::is_empty(base / "data"));
  // Resolved inside the root instead: /inroot -> /etc copies the image's /etc.
  std::ofstream(base / "root/etc/hostname") << "box";
  std::filesystem::create_directory_symlink("/etc", base / "root/inroot");
  EXPECT_TRUE(copy_image_content(base / "root", "/inroot", base / "data"));
  EXPECT_TRUE(std::filesystem::exists(base / "data/hostname"));
}

}  // namespace strata::volume
