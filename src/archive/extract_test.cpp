#include "archive/extract.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <thread>

#include "archive/tar_builder_test_util.h"
#include "archive/tree_snapshot_test_util.h"
#include "common/error.h"
#include "common/id.h"

namespace strata::archive {
namespace {

using namespace testing;

TEST(Extract, SameDiffIdForEveryCompression) {
  // Zeros after the end-of-archive blocks (tar -b blocking, here more than a read block) are part
  // of the stream, so of the digest, even though the tar reader never needs them.
  const std::string plain =
      make_tar({dir("etc"), file("etc/hostname", "box\n"), file("big", std::string(3 << 20, 'x'))}) +
      std::string(3 << 20, '\0');
  for (const char* filter : {"none", "gzip", "zstd", "xz", "bzip2"}) {
    SCOPED_TRACE(filter);
    const std::string input = std::string(filter) == "none" ? plain : compress(plain, filter);
    if (std::string(filter) != "none") {
      ASSERT_NE(input, plain);
    }
    TempDir dest;
    ExtractResult r = extract_bytes(input, dest.path());
    EXPECT_EQ(r.diff_id, sha256_digest(plain));
    EXPECT_EQ(r.tar_size, plain.size());
    EXPECT_EQ(r.content_size, 4u + (3u << 20));
    EXPECT_EQ(fs::read_file(dest / "etc/hostname"), "box\n");
    EXPECT_EQ(std::filesystem::file_size(dest / "big"), 3u << 20);
  }
}

TEST(Extract, ReadsANonSeekablePipe) {
  const std::string plain = make_tar({file("a", std::string(5 << 20, 'a')), file("b", "b")});
  const std::string gz = compress(plain, "gzip");
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  UniqueFd rd(p[0]);
  std::thread feeder([&, wr = UniqueFd(p[1])] {
    for (size_t off = 0; off < gz.size();) {
      ssize_t n = ::write(wr.get(), gz.data() + off, std::min<size_t>(gz.size() - off, 7777));
      if (n <= 0) break;
      off += n;
    }
  });
  TempDir dest;
  ExtractResult r = extract_layer(rd.get(), dest.path());
  feeder.join();
  EXPECT_EQ(r.diff_id, sha256_digest(plain));
  EXPECT_EQ(fs::read_file(dest / "b"), "b");
}

TEST(Extract, FailingToReadTheInputIsASystemError) {
  TempDir dest;
  UniqueFd dir_fd(::open(dest.path().c_str(), O_RDONLY | O_DIRECTORY));  // read() gives EISDIR
  try {
    extract_layer(dir_fd.get(), dest.path());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::system) << e.what();
  }
}

TEST(Extract, KeepsMetadata) {
  TarEntry suid = file("bin/su", "elf", 04755);
  suid.uid = 0, suid.gid = 42, suid.mtime = 1234567890;
  // A valid VFS_CAP_REVISION_2 capability (cap_net_raw permitted + effective).
  const std::string cap("\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
                        20);
  TarEntry ping = file("bin/ping", "elf2", 0755);
  ping.xattrs = {{"security.capability", cap}, {"user.note", "hi"}};
  TarEntry owned = dir("home/u", 0700);
  owned.uid = 1000, owned.gid = 1001, owned.mtime = 1111111111;
  TarEntry lnk = sym("home/u/link", "../../bin/su");
  lnk.uid = 1000;
  TarEntry null = node("dev/null", AE_IFCHR, 0666, makedev(1, 3));
  TarEntry fifo = node("run/fifo", AE_IFIFO, 0600);
  TempDir dest;
  extract_bytes(make_tar({dir("bin"), suid, ping, hlink("bin/su2", "bin/su"), dir("home"), owned,
                          file("home/u/f", "x"), lnk, dir("dev"), null, dir("run"), fifo}),
                dest.path());
  struct stat su = lstat_of(dest / "bin/su");
  EXPECT_EQ(su.st_mode, S_IFREG | 04755);
  EXPECT_EQ(su.st_gid, 42u);
  EXPECT_EQ(su.st_mtim.tv_sec, 1234567890);
  EXPECT_EQ(lstat_of(dest / "bin/su2").st_ino, su.st_ino);
  EXPECT_EQ(xattr(dest / "bin/ping", "security.capability"), cap);
  EXPECT_EQ(xattr(dest / "bin/ping", "user.note"), "hi");
  struct stat home = lstat_of(dest / "home/u");  // directory times are set after their content
  EXPECT_EQ(home.st_mode, S_IFDIR | 0700);
  EXPECT_EQ(home.st_uid, 1000u);
  EXPECT_EQ(home.st_gid, 1001u);
  EXPECT_EQ(home.st_mtim.tv_sec, 1111111111);
  EXPECT_EQ(std::filesystem::read_symlink(dest / "home/u/link"), "../../bin/su");
  EXPECT_EQ(lstat_of(dest / "home/u/link").st_uid, 1000u);
  struct stat dev = lstat_of(dest / "dev/null");
  EXPECT_TRUE(S_ISCHR(dev.st_mode));
  EXPECT_EQ(dev.st_rdev, makedev(1, 3));
  EXPECT_TRUE(S_ISFIFO(lstat_of(dest / "run/fifo").st_mode));
}

}  // namespace
}  // namespace strata::archive
