#include "image/load_scan.h"

#include <gtest/gtest.h>

#include "archive/tar_builder_test_util.h"
#include "archive/tree_snapshot_test_util.h"
#include "common/error.h"
#include "graphdriver/overlay2.h"

// load's one pass over an archive: documents kept, layers extracted, paths resolved in the
// archive only, and nothing left behind.
namespace strata::image {
namespace {

using namespace archive::testing;

std::string layer_tar() { return make_tar({dir("etc"), file("etc/motd", "hi")}); }

std::vector<std::string> leftovers(const std::filesystem::path& home) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(home))
    if (e.path().filename() != "l") out.push_back(e.path().filename());
  return out;
}

TEST(LoadScan, KeepsDocumentsExtractsLayersAndResolvesLinks) {
  TempDir root;
  graphdriver::Overlay2 driver(root / "overlay2");
  {
    const std::string outer = make_tar({file("manifest.json", "[]"), dir("a"), file("a/layer.tar", layer_tar()),
                                        dir("b"), sym("b/layer.tar", "../a/layer.tar"), sym("abs", "/a/layer.tar"),
                                        sym("evil", "../../../etc/passwd")});
    LoadScan scan(driver, memfd(outer).get());
    ScannedBlob* m = scan.find("manifest.json");
    ASSERT_TRUE(m && m->is_doc);
    EXPECT_EQ(m->bytes, "[]");
    ScannedBlob* l = scan.find("b/layer.tar");
    ASSERT_TRUE(l);
    EXPECT_EQ(l, scan.find("a/layer.tar"));
    EXPECT_EQ(l, scan.find("abs"));  // an absolute target means the archive's root
    EXPECT_EQ(l->layer.diff_id, sha256_digest(layer_tar()));
    EXPECT_EQ(l->digest, l->layer.diff_id);
    EXPECT_EQ(fs::read_file(l->dir / "diff/etc/motd"), "hi");
    EXPECT_EQ(fs::read_file(l->dir / "layer.tar"), layer_tar());
    EXPECT_EQ(scan.find("nosuch"), nullptr);
    for (const char* bad : {"../x", "/etc/passwd", "a/../../x", "evil"}) {
      try {
        scan.find(bad);
        ADD_FAILURE() << bad;
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("outside the archive"), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_EQ(leftovers(root / "overlay2"), std::vector<std::string>{});
}

TEST(LoadScan, HostileLayerIsRecordedNotExtractedAndDotDotEntriesRefused) {
  TempDir root;
  graphdriver::Overlay2 driver(root / "overlay2");
  {
    const std::string evil = make_tar({sym("x", "/"), file("x/tmp/pwned", "p")});
    LoadScan scan(driver, memfd(make_tar({file("evil.tar", evil)})).get());
    ScannedBlob* b = scan.find("evil.tar");
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->dir.empty());
    EXPECT_NE(b->error.find("symlink"), std::string::npos) << b->error;
    EXPECT_TRUE(b->digest.empty());  // not a usable blob: never compared
  }
  EXPECT_THROW(LoadScan(driver, memfd(make_tar({file("../up", "x")})).get()), Error);
  EXPECT_THROW(LoadScan(driver, memfd("not a tar at all, clearly").get()), Error);
  EXPECT_EQ(leftovers(root / "overlay2"), std::vector<std::string>{});
}

}  // namespace
}  // namespace strata::image
