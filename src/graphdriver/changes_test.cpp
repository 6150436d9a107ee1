// walk_changes on layer trees built by hand (the kernel-made ones are in changes_mount_test.cpp).
#include "graphdriver/changes.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "graphdriver/test_support.h"

namespace strata::graphdriver {
namespace {

using namespace test;
using List = std::vector<std::string>;

class ChangesTest : public ::testing::Test {
 protected:
  ScratchDir scratch;
  stdfs::path up = scratch.path / "upper", l1 = scratch.path / "l1", l2 = scratch.path / "l2";

  void SetUp() override {
    for (auto& d : {up, l1, l2}) mkdirs(d);
    put(l2 / "etc" / "passwd", "root\n");
    put(l2 / "etc" / "group", "root\n");
    put(l2 / "bin" / "ls", "ELF", 0755);
    put(l2 / "bin" / "cat", "ELF", 0755);
    put(l2 / "root" / ".profile", "x");
    put(l2 / "root" / "sub" / "deep", "x");
    mkdirs(l2 / "tmp", 01777);
  }
  List walk(std::vector<stdfs::path> lowers = {}) {
    if (lowers.empty()) lowers = {l1, l2};
    List out;
    walk_changes(up, lowers, [&](char k, std::string_view p) { out.push_back(std::string(1, k) + " " + std::string(p)); });
    return out;
  }
};

TEST_F(ChangesTest, EmptyUpperHasNoChanges) { EXPECT_EQ(walk(), List{}); }

TEST_F(ChangesTest, AddedTreesAreListedWholeInOrder) {
  put(up / "new" / "b" / "x");
  put(up / "new" / "a");
  put(up / "etc" / "added");
  copy_up(l2 / "etc", up / "etc");
  EXPECT_EQ(walk(), (List{"C /etc", "A /etc/added", "A /new", "A /new/a", "A /new/b", "A /new/b/x"}));
}

TEST_F(ChangesTest, ModifiedFileReportsItsParentFirst) {
  copy_up(l2 / "etc", up / "etc");
  put(up / "etc" / "passwd", "root\nme\n");
  EXPECT_EQ(walk(), (List{"C /etc", "C /etc/passwd"}));
}

TEST_F(ChangesTest, CopiedUpButUnchangedIsSilent) {
  copy_up(l2 / "etc", up / "etc");
  copy_up(l2 / "etc" / "passwd", up / "etc" / "passwd");
  copy_up(l2 / "root", up / "root");
  copy_up(l2 / "root" / "sub", up / "root" / "sub");
  EXPECT_EQ(walk(), List{});
}

TEST_F(ChangesTest, MtimeWithZeroNanosecondsOnOneSideIsEqual) {
  copy_up(l2 / "etc", up / "etc");
  copy_up(l2 / "etc" / "passwd", up / "etc" / "passwd");
  struct stat st = lstat_of(l2 / "etc" / "passwd");
  struct timespec t[2] = {st.st_atim, {st.st_mtim.tv_sec, 0}};  // as a tar with 1 s resolution does
  ::utimensat(AT_FDCWD, (up / "etc" / "passwd").c_str(), t, 0);
  EXPECT_EQ(walk(), List{});
  t[1].tv_sec += 1;
  ::utimensat(AT_FDCWD, (up / "etc" / "passwd").c_str(), t, 0);
  EXPECT_EQ(walk(), (List{"C /etc", "C /etc/passwd"}));
}

TEST_F(ChangesTest, DirAttributesButNotDirMtime) {
  copy_up(l2 / "tmp", up / "tmp");
  ::utimensat(AT_FDCWD, (up / "tmp").c_str(), nullptr, 0);  // mtime is ignored for dirs
  EXPECT_EQ(walk(), List{});
  ::chmod((up / "tmp").c_str(), 0700);
  EXPECT_EQ(walk(), (List{"C /tmp"}));
  ::chmod((up / "tmp").c_str(), 01777);
  ::chown((up / "tmp").c_str(), 1000, 1000);
  EXPECT_EQ(walk(), (List{"C /tmp"}));
}

TEST_F(ChangesTest, WhiteoutsDeleteOnlyWhatTheImageHas) {
  copy_up(l2 / "bin", up / "bin");
  whiteout(up / "bin" / "ls");
  whiteout(up / "bin" / "never-existed");
  whiteout(up / "root");  // a whole dir: only its own path
  EXPECT_EQ(walk(), (List{"C /bin", "D /bin/ls", "D /root"}));
}

TEST_F(ChangesTest, RenameIsAddPlusDelete) {
  copy_up(l2 / "bin", up / "bin");
  copy_up(l2 / "bin" / "cat", up / "bin" / "cat2");
  whiteout(up / "bin" / "cat");
  EXPECT_EQ(walk(), (List{"C /bin", "D /bin/cat", "A /bin/cat2"}));
}

TEST_F(ChangesTest, OpaqueDirDeletesEveryImageChildItLacks) {
  opaque(up / "root");  // rm -rf /root; mkdir /root; echo > /root/.profile; mkdir /root/sub
  put(up / "root" / ".profile", "new");
  copy_up(l2 / "root" / "sub", up / "root" / "sub");
  put(up / "root" / "zz");
  EXPECT_EQ(walk(), (List{"C /root", "C /root/.profile", "C /root/sub", "D /root/sub/deep", "A /root/zz"}));
}

TEST_F(ChangesTest, TypeChanges) {
  put(l2 / "x", "file");
  opaque(up / "x");  // rm x; mkdir x; touch x/y
  put(up / "x" / "y");
  put(up / "root", "now a file");  // rm -rf /root; echo > /root: no D for its old children
  EXPECT_EQ(walk(), (List{"C /root", "C /x", "A /x/y"}));
}

TEST_F(ChangesTest, CapabilityXattrCounts) {
  copy_up(l2 / "bin", up / "bin");
  copy_up(l2 / "bin" / "ls", up / "bin" / "ls");
  EXPECT_EQ(walk(), List{});
  const unsigned char cap[20] = {0, 0, 0, 2, 0x00, 0x20, 0, 0};  // v2, cap_net_bind_service... permitted
  ASSERT_EQ(::setxattr((up / "bin" / "ls").c_str(), "security.capability", cap, sizeof cap, 0), 0);
  EXPECT_EQ(walk(), (List{"C /bin", "C /bin/ls"}));
}

TEST_F(ChangesTest, SymlinksAreNeverFollowed) {
  ::symlink("/etc", (up / "link").c_str());
  copy_up(l2 / "etc", up / "etc");
  ::symlink(l2.c_str(), (up / "etc" / "passwd").c_str());  // a file replaced by a symlink to a dir
  EXPECT_EQ(walk(), (List{"C /etc", "C /etc/passwd", "A /link"}));
}

TEST_F(ChangesTest, LowerLayersStackWithWhiteoutsAndOpaqueDirs) {
  whiteout(l1 / "bin" / "ls");   // the image has no /bin/ls
  opaque(l1 / "root");           // the image's /root holds only what l1 has
  put(l1 / "root" / "mine");
  copy_up(l2 / "bin", up / "bin");
  put(up / "bin" / "ls", "new ls");    // so this is an add
  whiteout(up / "root" / ".profile");  // not in the image: silent
  whiteout(up / "root" / "mine");
  EXPECT_EQ(walk(), (List{"C /bin", "A /bin/ls", "C /root", "D /root/mine"}));
  fs::remove_all(up);
  opaque(up / "root");  // hides exactly the image's view: /root/mine, not l2's files
  EXPECT_EQ(walk(), (List{"C /root", "D /root/mine"}));
  EXPECT_EQ(walk({l2}), (List{"C /root", "D /root/.profile", "D /root/sub"}));
}

TEST_F(ChangesTest, SiblingsSortBytewisePreOrder) {
  for (const char* n : {"b", "a-b", "B", "\xc3\xa9", "a/x", "a/-"}) put(up / "s" / n);
  EXPECT_EQ(walk(), (List{"A /s", "A /s/B", "A /s/a", "A /s/a/-", "A /s/a/x", "A /s/a-b", "A /s/b", "A /s/\xc3\xa9"}));
}

TEST_F(ChangesTest, MissingUpperIsNotFound) {
  fs::remove_all(up);
  try {
    walk();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::not_found);
  }
}

}  // namespace
}  // namespace strata::graphdriver
