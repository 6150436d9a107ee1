#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "archive/extract.h"
#include "archive/tar_builder_test_util.h"
#include "archive/tree_snapshot_test_util.h"
#include "common/error.h"

// Overlayfs conversion, names and replacement semantics of extract_layer.
namespace strata::archive {
namespace {

using namespace testing;

TEST(Extract, ConvertsWhiteoutsForOverlayfs) {
  TarEntry wh = file("etc/.wh.gone");
  wh.uid = 7, wh.gid = 8;
  TempDir dest;
  extract_bytes(make_tar({dir("etc"), wh, dir("var"), file("var/.wh..wh..opq"), file("var/new", "n"),
                          dir(".wh..wh.plnk"), file(".wh..wh.plnk/123", "aufs")}),
                dest.path());
  struct stat st = lstat_of(dest / "etc/gone");
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_EQ(st.st_rdev, 0u);
  EXPECT_EQ(st.st_uid, 7u);
  EXPECT_EQ(st.st_gid, 8u);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(dest / "etc/.wh.gone")));
  EXPECT_EQ(xattr(dest / "var", "trusted.overlay.opaque"), "y");
  EXPECT_EQ(xattr(dest / "etc", "trusted.overlay.opaque"), "<none>");
  EXPECT_FALSE(std::filesystem::exists(dest / "var/.wh..wh..opq"));
  EXPECT_TRUE(std::filesystem::exists(dest / "var/new"));
  EXPECT_FALSE(std::filesystem::exists(dest / ".wh..wh.plnk"));
}

TEST(Extract, MakesNamesRelativeLikeDocker) {
  TempDir dest;
  extract_bytes(make_tar({file("/etc/a", "a"), file("./etc/b", "b"), file("etc//c/.", "c")}), dest.path());
  EXPECT_EQ(fs::read_file(dest / "etc/a"), "a");
  EXPECT_EQ(fs::read_file(dest / "etc/b"), "b");
  EXPECT_EQ(fs::read_file(dest / "etc/c"), "c");
}

TEST(Extract, LaterEntriesReplaceEarlierOnes) {
  TempDir dest;
  extract_bytes(make_tar({file("a", "file"), dir("a", 0700), file("a/in", "x"),   // file -> dir
                          dir("d"), file("d/old", "o"), file("d", "now a file"),  // dir -> file
                          sym("l", "target"), file("l", "not through"),           // symlink -> file
                          dir("k", 0700), dir("k", 0750)}),                       // dir stays, mode updated
                dest.path());
  EXPECT_EQ(lstat_of(dest / "a").st_mode, S_IFDIR | 0700);
  EXPECT_EQ(fs::read_file(dest / "d"), "now a file");
  EXPECT_EQ(fs::read_file(dest / "l"), "not through");
  EXPECT_FALSE(std::filesystem::exists(dest / "target"));
  EXPECT_EQ(lstat_of(dest / "k").st_mode, S_IFDIR | 0750);
}

TEST(Extract, RootEntrySetsTheLayerRootMode) {
  TempDir dest;
  ::chmod(dest.path().c_str(), 0700);
  TarEntry root = dir("./", 0755);
  root.uid = 5;
  extract_bytes(make_tar({root, file("./x", "x")}), dest.path());
  EXPECT_EQ(lstat_of(dest.path()).st_mode, S_IFDIR | 0755);
  EXPECT_EQ(lstat_of(dest.path()).st_uid, 5u);
  for (const TarEntry& not_a_dir : {file(".", "x"), sym("/", "/tmp")}) {
    TempDir other;
    try {
      extract_bytes(make_tar({not_a_dir}), other.path());
      ADD_FAILURE() << "a non-directory root was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_argument) << e.what();
    }
    EXPECT_TRUE(S_ISDIR(lstat_of(other.path()).st_mode));
  }
}

TEST(Extract, KeepsNonAsciiNamesAsUtf8) {
  TempDir dest;
  extract_bytes(
      make_tar({dir("caf\xc3\xa9"), file("caf\xc3\xa9/\xe6\x97\xa5", "jp"), sym("l", "caf\xc3\xa9")}),
      dest.path());
  EXPECT_EQ(fs::read_file(dest / "caf\xc3\xa9/\xe6\x97\xa5"), "jp");
  EXPECT_EQ(std::filesystem::read_symlink(dest / "l"), "caf\xc3\xa9");
}

}  // namespace
}  // namespace strata::archive
