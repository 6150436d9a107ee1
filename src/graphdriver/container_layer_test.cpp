// create_rw: the init layer and the container layer.
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

#include <chrono>

#include "common/error.h"
#include "common/fd.h"
#include "graphdriver/overlay2.h"
#include "graphdriver/test_support.h"

namespace strata::graphdriver {
namespace {

using namespace test;

class CreateRwTest : public ::testing::Test {
 protected:
  ScratchDir scratch;
  stdfs::path home = scratch.path / "overlay2";
  Overlay2 d{home};

  void SetUp() override {
    auto tmp = d.new_layer_dir();
    mkdirs(tmp / "diff" / "etc", 0750);
    put(tmp / "diff" / "etc" / "passwd", "root:x:0:0::/root:/bin/sh\n");
    ::symlink("/proc/sys/kernel/hostname", (tmp / "diff" / "etc" / "hostname").c_str());
    ::chown((tmp / "diff" / "etc").c_str(), 5, 6);
    struct timespec t[2] = {{1000, 0}, {2000, 500}};
    ::utimensat(AT_FDCWD, (tmp / "diff" / "etc").c_str(), t, 0);
    mkdirs(tmp / "diff" / "proc", 0555);
    d.commit_layer(tmp, "img", "");
  }
  std::string read(const stdfs::path& p) { return fs::read_file(p); }
};

TEST_F(CreateRwTest, WritesInitAndRwLayers) {
  d.create_rw("c1", "img");
  auto init = home / "c1-init", rw = home / "c1";
  EXPECT_EQ(read(init / "lower"), "l/" + read(home / "img" / "link"));
  EXPECT_EQ(read(rw / "lower"), "l/" + read(init / "link") + ":l/" + read(home / "img" / "link"));
  EXPECT_TRUE(stdfs::is_directory(rw / "work"));
  EXPECT_FALSE(stdfs::exists(init / "work"));
  EXPECT_TRUE(stdfs::exists(init / "committed"));
  EXPECT_TRUE(stdfs::exists(home / "img" / "committed"));
  auto diff = init / "diff";
  for (const char* f : {".dockerenv", "etc/resolv.conf", "etc/hosts", "dev/console"}) {
    struct stat st = lstat_of(diff / f);
    EXPECT_TRUE(S_ISREG(st.st_mode)) << f;
    EXPECT_EQ(st.st_mode & 07777, 0755u) << f;
    EXPECT_EQ(st.st_size, 0) << f;
  }
  for (const char* dir : {"dev/pts", "dev/shm", "sys"}) EXPECT_TRUE(S_ISDIR(lstat_of(diff / dir).st_mode)) << dir;
  EXPECT_EQ(stdfs::read_symlink(diff / "etc" / "mtab"), "/proc/mounts");
  EXPECT_FALSE(stdfs::exists(diff / "proc"));                // the image has it
  EXPECT_FALSE(stdfs::is_symlink(diff / "etc" / "hostname"));  // the image's symlink is left alone
  struct stat etc = lstat_of(diff / "etc");                  // /etc keeps the image's attributes
  EXPECT_EQ(etc.st_mode & 07777, 0750u);
  EXPECT_EQ(etc.st_uid, 5u);
  EXPECT_EQ(etc.st_gid, 6u);
  EXPECT_EQ(etc.st_mtim.tv_sec, 2000);
  EXPECT_EQ(lstat_of(diff / "dev").st_mode & 07777, 0755u);  // absent in the image: 0755 root
}

TEST_F(CreateRwTest, EmptyImageAndWhiteoutedParents) {
  d.create_rw("c1", "");
  EXPECT_FALSE(stdfs::exists(home / "c1-init" / "lower"));
  EXPECT_EQ(read(home / "c1" / "lower"), "l/" + read(home / "c1-init" / "link"));
  auto tmp = d.new_layer_dir();  // a layer deleting /etc: the init layer must not copy its attrs
  whiteout(tmp / "diff" / "etc");
  d.commit_layer(tmp, "img2", "img");
  d.create_rw("c2", "img2");
  EXPECT_EQ(lstat_of(home / "c2-init" / "diff" / "etc").st_mode & 07777, 0755u);
  EXPECT_EQ(lstat_of(home / "c2-init" / "diff" / "etc").st_uid, 0u);
  EXPECT_TRUE(stdfs::exists(home / "c2-init" / "diff" / "etc" / "hostname"));
}

TEST_F(CreateRwTest, ConflictsAndFailuresLeaveNothingBehind) {
  d.create_rw("c1", "img");
  EXPECT_THROW(d.create_rw("c1", "img"), Error);
  EXPECT_THROW(d.create_rw("c2", "missing"), Error);
  // Fault: the image dir is immutable, so marking it committed fails half-way through create_rw.
  UniqueFd fd(::open((home / "img").c_str(), O_RDONLY | O_DIRECTORY));
  ::unlink((home / "img" / "committed").c_str());
  int flags = FS_IMMUTABLE_FL;
  ASSERT_EQ(::ioctl(fd.get(), FS_IOC_SETFLAGS, &flags), 0);
  EXPECT_THROW(d.create_rw("c3", "img"), Error);
  flags = 0;
  ::ioctl(fd.get(), FS_IOC_SETFLAGS, &flags);
  EXPECT_FALSE(d.exists("c3"));
  EXPECT_FALSE(d.exists("c3-init"));
  std::set<std::string> names;
  for (auto& e : stdfs::directory_iterator(home)) names.insert(e.path().filename());
  EXPECT_EQ(names, (std::set<std::string>{"l", "img", "c1", "c1-init"}));
  EXPECT_EQ(std::distance(stdfs::directory_iterator(home / "l"), stdfs::directory_iterator()), 3);
  d.remove_rw("c1");
  EXPECT_FALSE(d.exists("c1-init"));
  EXPECT_EQ(std::distance(stdfs::directory_iterator(home / "l"), stdfs::directory_iterator()), 1);
}

// create_rw does not fsync link/lower; a power cut may leave them empty or gone (moby#42964).
TEST_F(CreateRwTest, RepairRewritesEmptiedOrLostLinkAndLower) {
  d.create_rw("c1", "img");
  auto init = home / "c1-init", rw = home / "c1";
  const std::string init_link = read(init / "link"), rw_link = read(rw / "link");
  const std::string init_lower = read(init / "lower"), rw_lower = read(rw / "lower");
  EXPECT_FALSE(d.repair_rw("c1", "img"));  // nothing wrong: nothing written

  fs::write_file_atomic(rw / "lower", "", false);
  fs::write_file_atomic(init / "link", "", false);
  ::unlink((init / "lower").c_str());
  EXPECT_TRUE(d.repair_rw("c1", "img"));
  EXPECT_EQ(read(init / "link"), init_link);  // found again through its l/ symlink
  EXPECT_EQ(read(init / "lower"), init_lower);
  EXPECT_EQ(read(rw / "lower"), rw_lower);
  EXPECT_EQ(read(rw / "link"), rw_link);
  EXPECT_FALSE(d.repair_rw("c1", "img"));

  // The l/ symlink lost too: a new link name, and the rw layer's lower follows it.
  ::unlink((home / "l" / init_link).c_str());
  fs::write_file_atomic(init / "link", "", false);
  EXPECT_TRUE(d.repair_rw("c1", "img"));
  std::string fresh = read(init / "link");
  EXPECT_NE(fresh, init_link);
  EXPECT_EQ(stdfs::read_symlink(home / "l" / fresh), "../c1-init/diff");
  EXPECT_EQ(read(rw / "lower"), "l/" + fresh + ":" + init_lower);
  EXPECT_EQ(d.lower_dirs("c1").front(), init / "diff");

  d.create_rw("c2", "");  // on an empty image the init layer has no lower file
  fs::write_file_atomic(home / "c2-init" / "lower", "", false);
  EXPECT_TRUE(d.repair_rw("c2", ""));
  EXPECT_FALSE(stdfs::exists(home / "c2-init" / "lower"));
  EXPECT_THROW(d.repair_rw("nope", "img"), Error);
}

}  // namespace
}  // namespace strata::graphdriver
