#include "archive/tree_copy.h"

#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include "archive/diff_tar.h"
#include "archive/tar_listing_test_util.h"
#include "archive/tree_snapshot_test_util.h"

// write_tar with copy_to: commit's one pass that hashes the upper dir's tar and copies the tree.
namespace strata::archive {
namespace {

using namespace testing;

// An upper dir as overlayfs leaves it: files, a setuid binary with a capability, a hardlink, a
// whiteout, an opaque dir, devices, a symlink, odd owners and times.
void make_upper(const std::filesystem::path& up) {
  TarEntry su = file("bin/su", "elf", 04755);
  su.gid = 42, su.mtime = 1234567890;
  std::string big((3 << 20) + 4097, '\0');  // spans several chunks, written with O_DIRECT, odd tail
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i % 251 + i / 65536);
  TarEntry ping = file("bin/ping", big, 0755);
  ping.xattrs = {{"security.capability", std::string("\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00"
                                                      "\x00\x00\x00\x00\x00\x00", 20)},
                 {"user.a", "1"}};
  TarEntry home = dir("home/u", 0700);
  home.uid = 1000, home.gid = 1000, home.mtime = 1111111111;
  extract_bytes(make_tar({dir("bin"), su, hlink("bin/su2", "bin/su"), ping, dir("etc"), file("etc/.wh.gone"),
                          dir("var", 0700), file("var/.wh..wh..opq"), file("var/new", "n"), dir("home"), home,
                          sym("home/u/link", "../../etc"), node("dev-null", AE_IFCHR, 0666, makedev(1, 3)),
                          node("fifo", AE_IFIFO, 0600), file("empty", "", 0400)}),
                up);
}

TEST(TreeCopy, CopyIsTheSameTreeAndTarsToTheSameDigest) {
  TempDir upper, copy;
  make_upper(upper.path());
  TarResult plain{};
  write_tar_bytes(upper.path(), true, plain);

  TarOptions o;
  o.overlay_whiteouts = true;
  o.copy_to = copy.path();
  TarResult r = write_tar(upper.path(), -1, o);
  EXPECT_EQ(r.digest, plain.digest);  // nothing written, same digest
  EXPECT_EQ(r.size, plain.size);
  EXPECT_EQ(snapshot(upper.path()), snapshot(copy.path()));
  TarResult again{};
  write_tar_bytes(copy.path(), true, again);
  EXPECT_EQ(again.digest, plain.digest);  // save can regenerate a committed layer's exact tar

  struct stat su = lstat_of(copy / "bin/su");
  EXPECT_EQ(su.st_mode & 07777, 04755u);  // chmod after chown keeps setuid
  EXPECT_NE(xattr(copy / "bin/ping", "security.capability"), "<none>");  // set after the data
  EXPECT_EQ(xattr(copy / "var", "trusted.overlay.opaque"), "y");
  struct stat gone = lstat_of(copy / "etc/gone");
  EXPECT_TRUE(S_ISCHR(gone.st_mode) && gone.st_rdev == 0);
}

TEST(TreeCopy, DigestOffWritesNoDigest) {
  TempDir upper;
  make_upper(upper.path());
  UniqueFd out(::memfd_create("t", MFD_CLOEXEC));
  TarOptions o;
  o.digest = false;
  TarResult r = write_tar(upper.path(), out.get(), o);
  EXPECT_EQ(r.digest, "");
  EXPECT_GT(r.size, 3u << 20);
}

}  // namespace
}  // namespace strata::archive
