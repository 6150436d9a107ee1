#include "volume/volume.h"

#include <gtest/gtest.h>

#include "common/error_test_util.h"

#include "common/error.h"

using namespace strata;
using namespace strata::volume;

namespace {
using strata::testing_util::error_of;
}  // namespace

TEST(VolumeNames, DockerRule) {
  for (auto* ok : {"ab", "myvolume", "a.b-c_d", "0x", "A1"}) EXPECT_EQ(error_of([&] { validate_name(ok); }), "") << ok;
  EXPECT_EQ(error_of([] { validate_name("x"); }),
            "create x: volume name is too short, names should be at least two alphanumeric characters");
  EXPECT_EQ(error_of([] { validate_name("my vol"); }),
            "create my vol: \"my vol\" includes invalid characters for a local volume name, only "
            "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
  for (auto* bad : {"../x", "a/b", ".ab", "-ab", "_ab", "a\nb", "/abs", "ab:c"})
    EXPECT_NE(error_of([&] { validate_name(bad); }), "") << bad;
}

TEST(VolumeOptions, LocalDriverRules) {
  EXPECT_EQ(error_of([] { validate_options("v", {{"foo", "bar"}}); }), "create v: invalid option: \"foo\"");
  EXPECT_EQ(error_of([] { validate_options("v", {{"type", "tmpfs"}}); }), "create v: missing required option: \"device\"");
  EXPECT_EQ(error_of([] { validate_options("v", {{"device", "tmpfs"}}); }), "create v: missing required option: \"type\"");
  EXPECT_EQ(error_of([] { validate_options("v", {{"o", "size=1m"}}); }), "create v: missing required option: \"device\"");
  EXPECT_EQ(error_of([] { validate_options("v", {{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}}); }), "");
  EXPECT_EQ(opts_json(Json{{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=10m"}}),
            R"({"MountType":"tmpfs","MountOpts":"size=10m","MountDevice":"tmpfs","Quota":{"Size":0}})");
}

TEST(VolumeNames, NaturalOrder) {
  EXPECT_TRUE(natural_less("v2", "v10"));
  EXPECT_FALSE(natural_less("v10", "v2"));
  EXPECT_TRUE(natural_less("a", "b"));
  EXPECT_TRUE(natural_less("ab", "abc"));
  EXPECT_FALSE(natural_less("abc", "abc"));
  EXPECT_TRUE(natural_less("vol-9", "vol-10"));
}

TEST(VolumeInspect, DockerKeys) {
  Volume v;
  v.name = "myvolume";
  v.created = "2026-11-28T10:19:33Z";
  v.mountpoint = "/var/lib/strata/volumes/myvolume/_data";
  EXPECT_EQ(inspect_json(v).dump(),
            R"({"CreatedAt":"2026-11-28T10:19:33Z","Driver":"local","Labels":null,)"
            R"("Mountpoint":"/var/lib/strata/volumes/myvolume/_data","Name":"myvolume","Options":null,"Scope":"local"})");
}
