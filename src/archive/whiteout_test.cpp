#include "archive/whiteout.h"

#include <gtest/gtest.h>

#include "archive/safe_path.h"
#include "common/error.h"

namespace strata::archive {
namespace {

TEST(CleanName, MakesNamesRelativeAndRefusesDotDot) {
  EXPECT_EQ(clean_name("/etc//x/.", "e"), "etc/x");
  EXPECT_EQ(clean_name("./etc/x/", "e"), "etc/x");
  EXPECT_EQ(clean_name("./", "e"), "");
  EXPECT_EQ(clean_name("a/..b/c..", "e"), "a/..b/c..");
  for (const char* bad : {"..", "../x", "a/../b", "a/.."}) EXPECT_THROW(clean_name(bad, "e"), Error) << bad;
}

TEST(LayerPath, DecodesWhiteoutConventions) {
  struct Case {
    const char* name;
    LayerPath::Kind kind;
    const char* rel;
  };
  for (const Case& c :
       {Case{"etc/passwd", LayerPath::kFile, "etc/passwd"},
        Case{"/etc/.wh.passwd", LayerPath::kWhiteout, "etc/passwd"},
        Case{".wh.etc", LayerPath::kWhiteout, "etc"}, Case{"./a/b/.wh..wh..opq", LayerPath::kOpaque, "a/b"},
        Case{".wh..wh..opq", LayerPath::kOpaque, ""},
        Case{".wh..wh.plnk/", LayerPath::kIgnored, ".wh..wh.plnk"},
        Case{".wh..wh.plnk/123.4", LayerPath::kIgnored, ".wh..wh.plnk/123.4"},
        Case{".wh..wh.plnk/.wh..wh..opq", LayerPath::kIgnored, ".wh..wh.plnk/.wh..wh..opq"},
        Case{"a/.wh..wh.aufs", LayerPath::kIgnored, "a/.wh..wh.aufs"},
        Case{"a/x.wh.y", LayerPath::kFile, "a/x.wh.y"}}) {
    LayerPath p = layer_path(c.name);
    EXPECT_EQ(p.kind, c.kind) << c.name;
    EXPECT_EQ(p.rel, c.rel) << c.name;
  }
  for (const char* bad : {".wh.", "a/.wh..", "a/.wh...", "a/../.wh.x"})
    EXPECT_THROW(layer_path(bad), Error) << bad;
}

}  // namespace
}  // namespace strata::archive
