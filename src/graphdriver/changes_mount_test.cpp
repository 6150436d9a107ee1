// walk_changes on uppers written by the kernel through a real overlay mount (Docker's [LIVE]
// scenarios), and its speed on a big upper.
#include <gtest/gtest.h>

#include <chrono>

#include "graphdriver/changes.h"
#include "graphdriver/overlay2.h"
#include "graphdriver/test_support.h"

namespace strata::graphdriver {
namespace {

using namespace test;
using List = std::vector<std::string>;

class ChangesMountTest : public ::testing::Test {
 protected:
  ScratchDir scratch;
  Overlay2 d{scratch.path / "overlay2"};
  stdfs::path m;

  void SetUp() override {
    auto tmp = d.new_layer_dir() / "diff";
    put(tmp / "etc" / "passwd", "root:x:0:0::/root:/bin/sh\n");
    put(tmp / "bin" / "ls", "ELF", 0755);
    put(tmp / "bin" / "cat", "ELF", 0755);
    put(tmp / "root" / ".profile", "x");
    put(tmp / "root" / ".ash_history", "x");
    mkdirs(tmp / "tmp", 01777);
    d.commit_layer(tmp.parent_path(), "img", "");
    d.create_rw("c1", "img");
    m = d.mount("c1", {});
  }
  void TearDown() override { d.unmount("c1"); }
  List diff() {
    List out;
    walk_changes(d.diff_dir("c1"), d.lower_dirs("c1"),
                 [&](char k, std::string_view p) { out.push_back(std::string(1, k) + " " + std::string(p)); });
    return out;
  }
};

TEST_F(ChangesMountTest, FreshContainerHasNoChanges) { EXPECT_EQ(diff(), List{}); }  // init paths hidden

TEST_F(ChangesMountTest, AppendToPasswd) {
  std::ofstream(m / "etc" / "passwd", std::ios::app) << "me:x:1000:1000::/home/me:/bin/sh\n";
  EXPECT_EQ(diff(), (List{"C /etc", "C /etc/passwd"}));
}

TEST_F(ChangesMountTest, RemoveAndRename) {
  stdfs::remove(m / "bin" / "ls");
  stdfs::rename(m / "bin" / "cat", m / "bin" / "cat2");
  EXPECT_EQ(diff(), (List{"C /bin", "D /bin/cat", "A /bin/cat2", "D /bin/ls"}));
}

TEST_F(ChangesMountTest, ChmodAndTransientFiles) {
  ::chmod((m / "tmp").c_str(), 0700);
  stdfs::create_directory(m / "d");
  stdfs::remove(m / "d");
  put(m / "etc" / "x");
  stdfs::remove(m / "etc" / "x");  // /etc is copied up, unchanged: silent
  EXPECT_EQ(diff(), (List{"C /tmp"}));
}

TEST_F(ChangesMountTest, RecreatedDirIsOpaque) {
  stdfs::remove_all(m / "root");
  stdfs::create_directory(m / "root");
  put(m / "root" / ".profile", "new");
  EXPECT_EQ(diff(), (List{"C /root", "D /root/.ash_history", "C /root/.profile"}));
}

// 100,000 new files, 1,000 changed and 1,000 deleted over a one-layer image.
TEST(ChangesLarge, HundredThousandFilesCountedExactly) {
  ScratchDir scratch;
  auto lower = scratch.path / "lower", upper = scratch.path / "upper";
  for (int i = 0; i < 2000; ++i) put(lower / "etc" / ("f" + std::to_string(i)), "old");
  copy_up(lower / "etc", upper / "etc");
  for (int i = 0; i < 1000; ++i) put(upper / "etc" / ("f" + std::to_string(i)), "changed");
  for (int i = 1000; i < 2000; ++i) whiteout(upper / "etc" / ("f" + std::to_string(i)));
  // Hard links: to the walk they are 100k regular files, and they cost no inode to make and free
  // (creating 100k inodes takes 4-100 s on a busy test box). One source per dir: ext4 caps links.
  for (int dir = 0; dir < 100; ++dir) {
    std::string src = (scratch.path / ("src" + std::to_string(dir))).string();
    ::close(::open(src.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
    std::string d = (upper / "data" / std::to_string(dir)).string();
    mkdirs(d);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(::link(src.c_str(), (d + "/file" + std::to_string(i)).c_str()), 0);
  }
  // Speed is measured by bench/diff.sh against Docker, not here.
  size_t counts[3] = {};
  walk_changes(upper, {lower}, [&](char k, std::string_view) { ++counts[k == 'A' ? 0 : k == 'C' ? 1 : 2]; });
  EXPECT_EQ(counts[0], 100000u + 101u);  // the files, /data and its 100 dirs
  EXPECT_EQ(counts[1], 1001u);           // /etc and its changed files
  EXPECT_EQ(counts[2], 1000u);
}

}  // namespace
}  // namespace strata::graphdriver
