#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "archive/diff_tar.h"
#include "archive/tar_listing_test_util.h"
#include "archive/tree_snapshot_test_util.h"

// The exact bytes write_tar produces: reproducible, standard, reported truthfully.
namespace strata::archive {
namespace {

using namespace testing;

std::string tar_of(const std::filesystem::path& dir) {
  TarResult r;
  std::string bytes = write_tar_bytes(dir, true, r);
  EXPECT_EQ(r.digest, sha256_digest(bytes));
  EXPECT_EQ(r.size, bytes.size());
  return bytes;
}

void make_file(const std::filesystem::path& p, const std::vector<std::string>& xattr_order) {
  fs::write_file_atomic(p, "same", false);
  for (const std::string& name : xattr_order) ::lsetxattr(p.c_str(), name.c_str(), "v", 1, 0);
  const struct timespec times[2] = {{0, UTIME_OMIT}, {1700000000, 987654321}};
  ::utimensat(AT_FDCWD, p.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

TEST(DiffTarBytes, EndWithTheEndOfArchiveBlocksOnly) {
  TempDir dir;
  fs::write_file_atomic(dir / "f", std::string(1000, 'f'), false);
  std::string bytes = tar_of(dir.path());
  ASSERT_EQ(bytes.size(), 512u + 1024u + 1024u);  // header, data padded to 512, two zero blocks
  EXPECT_EQ(bytes.substr(bytes.size() - 1024), std::string(1024, '\0'));
}

TEST(DiffTarBytes, SameTreeGivesSameBytesWhateverTheXattrOrder) {
  TempDir one, two;
  make_file(one / "f", {"user.b", "user.a"});  // ext4 lists xattrs in insertion order
  make_file(two / "f", {"user.a", "user.b"});
  EXPECT_EQ(tar_of(one.path()), tar_of(two.path()));
}

TEST(DiffTarBytes, NonAsciiNamesArePlainUtf8PaxPaths) {
  TempDir dir;
  std::filesystem::create_directory(dir / "caf\xc3\xa9");
  std::string bytes = tar_of(dir.path());
  EXPECT_NE(bytes.find("path=caf\xc3\xa9/\n"), std::string::npos);
  EXPECT_EQ(bytes.find("hdrcharset=BINARY"), std::string::npos);  // what the "C" locale would give
  EXPECT_EQ(list_tar(bytes).at(0).name, "caf\xc3\xa9/");
}

}  // namespace
}  // namespace strata::archive
