#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include "archive/diff_tar.h"
#include "archive/extract.h"
#include "archive/tar_listing_test_util.h"
#include "archive/tree_snapshot_test_util.h"

// extract_layer -> write_tar -> extract_layer keeps the tree, whiteouts and opaque dirs included.
namespace strata::archive {
namespace {

using namespace testing;

std::vector<TarEntry> rich_layer() {
  TarEntry su = file("bin/su", "elf", 04755);
  su.gid = 42, su.mtime = 1234567890;
  const std::string cap("\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
                        20);
  TarEntry ping = file("bin/ping", "elf2", 0755);
  ping.xattrs = {{"security.capability", cap}, {"user.b", "2"}, {"user.a", "1"}};
  TarEntry gone = file("etc/.wh.gone");
  gone.uid = 3, gone.gid = 4;
  TarEntry home = dir("home/u", 0700);
  home.uid = 1000, home.gid = 1000, home.mtime = 1111111111;
  TarEntry link = sym("usr/lib64", "../lib");
  link.uid = 1000, link.mtime = 1222222222;
  return {dir("bin"),
          su,
          hlink("bin/su2", "bin/su"),
          ping,
          dir("etc"),
          file("etc/passwd", "root\n"),
          gone,
          dir("var", 0700),
          file("var/.wh..wh..opq"),
          file("var/new", "n"),
          dir("home"),
          home,
          file("home/u/caf\xc3\xa9", "utf8"),
          dir("usr"),
          link,
          dir("dev"),
          node("dev/null", AE_IFCHR, 0666, makedev(1, 3)),
          node("dev/sda", AE_IFBLK, 0660, makedev(8, 0)),
          node("fifo", AE_IFIFO, 0600),
          file("empty", "", 0400)};
}

TEST(RoundTrip, ExtractWriteExtractKeepsTheTree) {
  TempDir one, two;
  extract_bytes(make_tar(rich_layer()), one.path());
  TarResult first{}, second{};
  const std::string tar = write_tar_bytes(one.path(), true, first);
  ExtractResult again = extract_bytes(tar, two.path());
  EXPECT_EQ(again.diff_id, first.digest);
  EXPECT_EQ(again.tar_size, first.size);
  EXPECT_EQ(snapshot(one.path()), snapshot(two.path()));
  write_tar_bytes(two.path(), true, second);
  EXPECT_EQ(second.digest, first.digest);  // deterministic: same tree, same bytes

  struct stat gone = lstat_of(two / "etc/gone");
  EXPECT_TRUE(S_ISCHR(gone.st_mode) && gone.st_rdev == 0 && gone.st_uid == 3u);
  EXPECT_EQ(xattr(two / "var", "trusted.overlay.opaque"), "y");
  EXPECT_EQ(lstat_of(two / "bin/su").st_ino, lstat_of(two / "bin/su2").st_ino);
  EXPECT_EQ(xattr(two / "bin/ping", "user.a"), "1");
}

}  // namespace
}  // namespace strata::archive
