// Mounting with the real kernel overlayfs.
#include <gtest/gtest.h>

#include <chrono>

#include "common/error.h"
#include "graphdriver/overlay2.h"
#include "graphdriver/test_support.h"

namespace strata::graphdriver {
namespace {

using namespace test;

// Delegates to the kernel unless told to fail.
class FaultyMounter : public Mounter {
 public:
  explicit FaultyMounter(bool* fail) : fail_(fail) {}
  void mount_overlay(const stdfs::path& home, const std::string& o, const stdfs::path& target) override {
    if (*fail_) throw Error(Errc::system, "injected mount failure");
    real_->mount_overlay(home, o, target);
  }
  void unmount(const stdfs::path& target) override { real_->unmount(target); }

 private:
  bool* fail_;
  std::unique_ptr<Mounter> real_ = make_kernel_mounter();
};

class MountTest : public ::testing::Test {
 protected:
  ScratchDir scratch;
  stdfs::path home = scratch.path / "overlay2";
  bool fail = false;
  Overlay2 d{home, std::make_unique<FaultyMounter>(&fail)};

  void SetUp() override {
    auto tmp = d.new_layer_dir();
    put(tmp / "diff" / "etc" / "passwd", "root:x:0:0::/root:/bin/sh\n");
    put(tmp / "diff" / "bin" / "ls", "ELF", 0755);
    d.commit_layer(tmp, "img", "");
  }
};

TEST_F(MountTest, WritesLandInTheUpperAndTheImageStaysUnchanged) {
  char cwd[4096];
  ASSERT_TRUE(::getcwd(cwd, sizeof cwd));
  d.create_rw("c1", "img");
  d.create_rw("c2", "img");
  auto start = std::chrono::steady_clock::now();
  auto m = d.mount("c1", {});
  std::printf("mount: %.2f ms\n", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  EXPECT_EQ(m, home / "c1" / "merged");
  EXPECT_EQ(std::string(cwd), stdfs::current_path().string());  // the process cwd is untouched
  EXPECT_EQ(fs::read_file(m / "etc" / "passwd"), "root:x:0:0::/root:/bin/sh\n");
  EXPECT_TRUE(stdfs::exists(m / ".dockerenv"));  // from the init layer
  put(m / "new", "hello");
  EXPECT_EQ(fs::read_file(home / "c1" / "diff" / "new"), "hello");
  std::ofstream(m / "etc" / "passwd", std::ios::app) << "x:x:1:1::/:/bin/sh\n";
  EXPECT_EQ(fs::read_file(home / "img" / "diff" / "etc" / "passwd"), "root:x:0:0::/root:/bin/sh\n");
  EXPECT_NE(fs::read_file(home / "c1" / "diff" / "etc" / "passwd").find("x:x:1:1"), std::string::npos);
  stdfs::remove(m / "bin" / "ls");
  struct stat wo = lstat_of(home / "c1" / "diff" / "bin" / "ls");
  EXPECT_TRUE(S_ISCHR(wo.st_mode) && wo.st_rdev == 0) << "no 0/0 whiteout";
  EXPECT_TRUE(stdfs::exists(home / "img" / "diff" / "bin" / "ls"));
  EXPECT_TRUE(stdfs::exists(d.mount("c2", {}) / "bin" / "ls"));  // the other container still has it
  EXPECT_EQ(d.mount("c1", {}), m);                               // already mounted: same path
  EXPECT_EQ(mounts_under(scratch.path).size(), 2u);
  EXPECT_THROW(d.remove("c1"), Error);  // mounted
  d.unmount("c1");
  d.unmount("c2");
  d.unmount("c2");  // idempotent
  EXPECT_TRUE(mounts_under(scratch.path).empty());
  EXPECT_FALSE(stdfs::exists(m));
  EXPECT_TRUE(stdfs::exists(home / "c1" / "diff" / "new"));
}

TEST_F(MountTest, VolatileAndReadOnlyOptions) {
  d.create_rw("c1", "img");
  std::string info;
  auto m = d.mount("c1", {.volatile_upper = true});
  mounts_under(m, &info);
  EXPECT_NE(info.find("volatile"), std::string::npos) << info;
  d.unmount("c1");
  info.clear();
  m = d.mount("c1", {.read_only = true});  // works after a volatile mount
  mounts_under(m, &info);
  EXPECT_EQ(info.find("volatile"), std::string::npos) << info;
  EXPECT_NE(info.find(" ro,"), std::string::npos) << info;
  EXPECT_EQ(::creat((m / "x").c_str(), 0644), -1);
  EXPECT_EQ(errno, EROFS);
  d.unmount("c1");
  EXPECT_TRUE(mounts_under(scratch.path).empty());
}

TEST_F(MountTest, FailedMountLeavesNoMergedDirAndNoMount) {
  d.create_rw("c1", "img");
  fail = true;
  EXPECT_THROW(d.mount("c1", {}), Error);
  EXPECT_FALSE(stdfs::exists(home / "c1" / "merged"));
  EXPECT_TRUE(mounts_under(scratch.path).empty());
  fail = false;
  EXPECT_TRUE(stdfs::exists(d.mount("c1", {}) / "etc" / "passwd"));  // nothing was left to get in the way
  d.unmount("c1");
  EXPECT_THROW(d.mount("nope", {}), Error);
}

TEST_F(MountTest, ImageLayerMountsReadOnly) {
  EXPECT_EQ(d.mount("img", {}), home / "img" / "diff");  // a base layer: not mounted, as in Docker
  auto tmp = d.new_layer_dir();
  put(tmp / "diff" / "two", "2");
  d.commit_layer(tmp, "img2", "img");
  auto m = d.mount("img2", {});
  EXPECT_TRUE(stdfs::exists(m / "bin" / "ls"));
  EXPECT_TRUE(stdfs::exists(m / "two"));
  EXPECT_EQ(::creat((m / "x").c_str(), 0644), -1);
  d.unmount("img2");
  d.unmount("img");
  EXPECT_TRUE(mounts_under(scratch.path).empty());
}

// 498 image layers + init = 500 lowers, overlayfs' maximum: far beyond one page of options.
TEST_F(MountTest, DeepestStackMountsAndShowsTheBottomLayer) {
  std::string parent = "img";
  for (int i = 1; i < 499; ++i) {
    auto tmp = d.new_layer_dir();
    put(tmp / "diff" / ("f" + std::to_string(i)), "x");
    std::string id = "layer" + std::to_string(i);
    d.commit_layer(tmp, id, parent);
    parent = id;
  }
  EXPECT_THROW(d.commit_layer(d.new_layer_dir(), "too-deep", parent), Error);
  d.create_rw("c1", parent);
  ASSERT_EQ(d.lower_dirs("c1").size(), 500u);
  auto start = std::chrono::steady_clock::now();
  auto m = d.mount("c1", {});
  std::printf("mount of 500 lowers: %.2f ms\n",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  EXPECT_TRUE(stdfs::exists(m / "bin" / "ls"));  // from the bottom layer
  EXPECT_TRUE(stdfs::exists(m / "f1"));
  EXPECT_TRUE(stdfs::exists(m / "f498"));
  d.unmount("c1");
  EXPECT_TRUE(mounts_under(scratch.path).empty());
}

}  // namespace
}  // namespace strata::graphdriver

namespace strata::graphdriver {
namespace {

// Something wrote into the bare merged dir while it was not mounted (runc set up a container on
// it after a racing unmount): unmount must still succeed, and the next mount covers the debris;
// before, every later command failed on "rmdir merged: Directory not empty".
TEST_F(MountTest, UnmountLeavesADirtiedMergedDirAndMountsOverIt) {
  d.create_rw("c1", "img");
  auto m = d.mount("c1", {});
  d.unmount("c1");
  stdfs::create_directories(m / "proc");
  put(m / "debris", "x");
  EXPECT_NO_THROW(d.unmount("c1"));
  auto again = d.mount("c1", {});
  EXPECT_EQ(fs::read_file(again / "etc" / "passwd"), "root:x:0:0::/root:/bin/sh\n");
  EXPECT_FALSE(stdfs::exists(again / "debris"));
  d.unmount("c1");
}

}  // namespace
}  // namespace strata::graphdriver
