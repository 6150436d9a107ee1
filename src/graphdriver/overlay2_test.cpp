#include "graphdriver/overlay2.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/error.h"
#include "graphdriver/test_support.h"

namespace strata::graphdriver {
namespace {

using namespace test;

class Overlay2Test : public ::testing::Test {
 protected:
  ScratchDir scratch;
  stdfs::path home = scratch.path / "overlay2";
  Overlay2 d{home};

  void layer(const std::string& id, const std::string& parent, const std::string& file = "") {
    auto tmp = d.new_layer_dir();
    if (!file.empty()) put(tmp / "diff" / file, id);
    d.commit_layer(tmp, id, parent);
  }
  std::string read(const stdfs::path& p) { return fs::read_file(p); }
  size_t count(const stdfs::path& dir) {
    return std::distance(stdfs::directory_iterator(dir), stdfs::directory_iterator());
  }
};

TEST_F(Overlay2Test, CommitLayerWritesDockersLayout) {
  layer("base", "", "a");
  layer("mid", "base");
  layer("top", "mid");
  std::string link = read(home / "base" / "link");
  ASSERT_EQ(link.size(), 26u);
  EXPECT_EQ(link.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), std::string::npos);
  EXPECT_EQ(stdfs::read_symlink(home / "l" / link), "../base/diff");
  EXPECT_TRUE(stdfs::exists(home / "l" / link / "a"));
  EXPECT_FALSE(stdfs::exists(home / "base" / "lower"));  // a base layer has diff + link only
  EXPECT_FALSE(stdfs::exists(home / "base" / "work"));
  EXPECT_EQ(read(home / "mid" / "lower"), "l/" + link);
  EXPECT_EQ(read(home / "top" / "lower"), "l/" + read(home / "mid" / "link") + ":l/" + link);
  EXPECT_TRUE(stdfs::exists(home / "base" / "committed"));
  EXPECT_TRUE(stdfs::exists(home / "mid" / "committed"));
  EXPECT_FALSE(stdfs::exists(home / "top" / "committed"));
  EXPECT_EQ(d.lower_dirs("top"), (std::vector<stdfs::path>{home / "mid" / "diff", home / "base" / "diff"}));
  EXPECT_EQ(d.paths("top").lower_dir, (home / "mid" / "diff").string() + ":" + (home / "base" / "diff").string());
  EXPECT_EQ(count(home), 4u);  // l, base, mid, top: no temp dirs left
}

TEST_F(Overlay2Test, CommittingTheSameIdConcurrentlyKeepsOneLayer) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      try {
        layer("same", "", "f");
      } catch (...) {
        ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_TRUE(d.exists("same"));
  EXPECT_EQ(count(home), 2u);      // l and same
  EXPECT_EQ(count(home / "l"), 1u);  // the losers' links are gone
  EXPECT_EQ(stdfs::read_symlink(home / "l" / read(home / "same" / "link")), "../same/diff");
}

TEST_F(Overlay2Test, CommitRefusesMissingParentAndBadIdsAndCleansUp) {
  EXPECT_THROW(layer("x", "nope"), Error);
  EXPECT_THROW(layer("../x", ""), Error);
  EXPECT_THROW(layer("l", ""), Error);
  EXPECT_EQ(count(home), 1u);  // only l/: the temp dirs were discarded
  EXPECT_EQ(count(home / "l"), 0u);
}

TEST_F(Overlay2Test, CommitRefusesStacksTooDeepForAContainer) {
  layer("base", "");
  // Fake a layer that already has 497 lowers: a child would have 498 (ok), a grandchild 499 (no
  // room left for the container's init and rw layers within overlayfs' 500).
  std::string lower;
  for (int i = 0; i < 497; ++i) lower += (i ? ":l/" : "l/") + read(home / "base" / "link");
  layer("deep", "");
  fs::write_file_atomic(home / "deep" / "lower", lower);
  layer("child", "deep");
  try {
    layer("grandchild", "child");
    FAIL() << "accepted a 500-layer image";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("max depth exceeded"), std::string::npos);
  }
  EXPECT_FALSE(d.exists("grandchild"));
}

TEST_F(Overlay2Test, RemoveDeletesLayerAndLinkAndMissingIsFine) {
  layer("base", "", "a");
  std::string link = read(home / "base" / "link");
  d.remove("base");
  EXPECT_FALSE(d.exists("base"));
  EXPECT_FALSE(stdfs::is_symlink(home / "l" / link));
  EXPECT_NO_THROW(d.remove("base"));
  EXPECT_EQ(count(home), 1u);
}

TEST_F(Overlay2Test, CleanupTempRemovesLeftoversOnly) {
  layer("base", "", "a");
  auto tmp = d.new_layer_dir();  // an import killed before commit
  ::symlink("../gone/diff", (home / "l" / "DANGLINGDANGLINGDANGLING12").c_str());
  d.cleanup_temp();
  EXPECT_FALSE(stdfs::exists(tmp));
  EXPECT_FALSE(stdfs::is_symlink(home / "l" / "DANGLINGDANGLINGDANGLING12"));
  EXPECT_TRUE(stdfs::exists(home / "l" / read(home / "base" / "link") / "a"));
}

}  // namespace
}  // namespace strata::graphdriver
