#include "container/copy_paths.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace strata::container::cp {

TEST(CopyPaths, CleanLikeGo) {
  EXPECT_EQ(clean(""), ".");
  EXPECT_EQ(clean("a//b/./c/.."), "a/b");
  EXPECT_EQ(clean("/.."), "/");
  EXPECT_EQ(clean("../a/../.."), "../..");
  EXPECT_EQ(clean("/etc/"), "/etc");
  EXPECT_EQ(join("/", "../../etc"), "/etc");
}

TEST(CopyPaths, SplitDirEntry) {
  EXPECT_EQ(split_dir_entry("/a/b/."), std::make_pair(std::string("/a/b"), std::string(".")));
  EXPECT_EQ(split_dir_entry("/a/b/"), std::make_pair(std::string("/a"), std::string("b")));
  EXPECT_EQ(split_dir_entry("/a"), std::make_pair(std::string("/"), std::string("a")));
  EXPECT_EQ(preserve_trailing("/a/b", "a/b/."), "/a/b/.");
  EXPECT_EQ(preserve_trailing("/a/b", "a/b/"), "/a/b/");
  EXPECT_TRUE(asserts_directory("x/"));
  EXPECT_TRUE(asserts_directory("x/."));
  EXPECT_FALSE(asserts_directory("x"));
}

TEST(CopyPaths, PlanFollowsDockersTable) {
  // Into an existing directory: names kept.
  auto p = prepare_archive_copy({"/src/f", true, false, ""}, {"/dst", true, true, ""});
  EXPECT_EQ(p.dst_dir, "/dst");
  EXPECT_EQ(rebase("f", p.rebase_from, p.rebase_to), "f");
  // A file onto an existing file: renamed, into its parent.
  p = prepare_archive_copy({"/src/f", true, false, ""}, {"/dst/g", true, false, ""});
  EXPECT_EQ(p.dst_dir, "/dst");
  EXPECT_EQ(rebase("f", p.rebase_from, p.rebase_to), "g");
  // A directory to a new name: the directory takes it.
  p = prepare_archive_copy({"/src/d", true, true, ""}, {"/dst/new", false, false, ""});
  EXPECT_EQ(p.dst_dir, "/dst");
  EXPECT_EQ(rebase("d/x/y", p.rebase_from, p.rebase_to), "new/x/y");
  // The contents of a directory to a new name.
  p = prepare_archive_copy({"/src/d/.", true, true, ""}, {"/dst/new", false, false, ""});
  EXPECT_EQ(rebase("./x", p.rebase_from, p.rebase_to), "new/x");
  // Errors, with Docker's texts.
  try {
    prepare_archive_copy({"/src/d", true, true, ""}, {"/dst/f", true, false, ""});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "cannot copy directory");
  }
  try {
    prepare_archive_copy({"/src/f", true, false, ""}, {"/dst/nodir/", false, false, ""});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no such directory");
  }
  // cp -L of a link into a directory: the link's name is kept.
  p = prepare_archive_copy({"/etc/passwd", true, false, "pw"}, {"/dst", true, true, ""});
  EXPECT_EQ(rebase("passwd", p.rebase_from, p.rebase_to), "pw");
  EXPECT_EQ(rebase("passwdx", "passwd", "pw"), "passwdx");
}

}  // namespace strata::container::cp
