#include <gtest/gtest.h>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "runtime/spec.h"

namespace strata::runtime {
namespace {

namespace stdfs = std::filesystem;

class ResolveUser : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = stdfs::temp_directory_path() / ("strata-user-test-" + random_hex(6));
    root = dir / "rootfs";
    stdfs::create_directories(root / "etc");
    fs::write_file_atomic(root / "etc/passwd",
                          "root:x:0:0:root:/root:/bin/sh\n"
                          "bad line\n"
                          "www-data:x:33:33:www-data:/var/www:/bin/false\n"
                          "alice:x:1000:1000::/home/alice:/bin/sh\n",
                          false);
    fs::write_file_atomic(root / "etc/group",
                          "root:x:0:\nstaff:x:50:alice,bob\nusers:x:100:alice\nalice:x:1000:\nwww-data:x:33:\n", false);
  }
  void TearDown() override { fs::remove_all(dir); }
  ProcessSpec resolve(const std::string& user) {
    ProcessSpec p;
    p.additional_gids = {999};  // replaced
    resolve_user(root, user, p);
    return p;
  }
  void expect_error(const std::string& user, const std::string& msg) {
    try {
      resolve(user);
      ADD_FAILURE() << "no error for " << user;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_argument);
      EXPECT_EQ(std::string(e.what()), msg);
    }
  }
  stdfs::path dir, root;
};

TEST_F(ResolveUser, EmptyIsRoot) {
  auto p = resolve("");
  EXPECT_EQ(p.uid, 0u);
  EXPECT_EQ(p.gid, 0u);
  EXPECT_EQ(p.additional_gids, (std::vector<uint32_t>{0}));  // Docker: groups=0(root)
}

TEST_F(ResolveUser, NameGivesPrimaryAndSupplementaryGroups) {
  auto p = resolve("alice");
  EXPECT_EQ(p.uid, 1000u);
  EXPECT_EQ(p.gid, 1000u);
  EXPECT_EQ(p.additional_gids, (std::vector<uint32_t>{1000, 50, 100}));  // primary first, as Docker
  EXPECT_EQ(resolve("1000").additional_gids, (std::vector<uint32_t>{1000, 50, 100}));  // uid matched in passwd
}

TEST_F(ResolveUser, ExplicitGroupReplacesSupplementaryGroups) {
  auto p = resolve("alice:staff");
  EXPECT_EQ(p.uid, 1000u);
  EXPECT_EQ(p.gid, 50u);
  EXPECT_EQ(p.additional_gids, (std::vector<uint32_t>{50}));
  EXPECT_EQ(resolve("www-data:100").gid, 100u);
}

TEST_F(ResolveUser, NumericIdsNeedNoEntries) {
  auto p = resolve("4242:4343");
  EXPECT_EQ(p.uid, 4242u);
  EXPECT_EQ(p.gid, 4343u);
  EXPECT_EQ(p.additional_gids, (std::vector<uint32_t>{4343}));  // Docker's `id`: groups=4343
  EXPECT_EQ(resolve("4242").gid, 0u);
}

TEST_F(ResolveUser, DockerErrors) {
  expect_error("foo", "unable to find user foo: no matching entries in passwd file");
  expect_error("alice:nogroup", "unable to find group nogroup: no matching entries in group file");
  expect_error("99999999999", "uids and gids must be in range 0-2147483647");
}

TEST_F(ResolveUser, MissingFilesMeanNoEntries) {
  stdfs::remove(root / "etc/passwd");
  stdfs::remove(root / "etc/group");
  EXPECT_EQ(resolve("").uid, 0u);
  EXPECT_EQ(resolve("7:8").gid, 8u);
  expect_error("alice", "unable to find user alice: no matching entries in passwd file");
}

TEST_F(ResolveUser, SymlinkOutOfRootfsIsNotReadFromHost) {
  // A host passwd that knows "hostonly": the image's links must not reach it.
  fs::write_file_atomic(dir / "host-passwd", "hostonly:x:4000:4000::/:/bin/sh\n", false);
  stdfs::remove(root / "etc/passwd");
  stdfs::create_symlink(dir / "host-passwd", root / "etc/passwd");  // absolute
  expect_error("hostonly", "unable to find user hostonly: no matching entries in passwd file");
  stdfs::remove(root / "etc/passwd");
  stdfs::create_symlink("../../host-passwd", root / "etc/passwd");  // relative, climbing out
  expect_error("hostonly", "unable to find user hostonly: no matching entries in passwd file");
  // ...while a link that stays inside the rootfs is followed, rooted there.
  stdfs::create_directories(root / "host-passwd-dir");
  fs::write_file_atomic(root / "host-passwd-dir/p", "inside:x:12:13::/:/bin/sh\n", false);
  stdfs::remove(root / "etc/passwd");
  stdfs::create_symlink("/host-passwd-dir/p", root / "etc/passwd");
  EXPECT_EQ(resolve("inside").uid, 12u);
}

}  // namespace
}  // namespace strata::runtime
