// Table tests: each -v/--mount/--tmpfs/--volumes-from rule with Docker's text
// (texts checked against Docker 20.10's CLI and daemon).
#include <gtest/gtest.h>

#include "common/error_test_util.h"

#include "common/error.h"
#include "mounts/parse.h"

using namespace strata;
using namespace strata::mounts;

namespace {
using strata::testing_util::error_of;
}  // namespace

TEST(ParseVolume, Errors) {
  struct Case {
    const char* raw;
    const char* error;
  } cases[] = {
      {"", "invalid empty volume spec"},
      {":/c", "invalid spec: :/c: empty section between colons"},
      {"vol:/c:", "invalid spec: vol:/c:: empty section between colons"},
      {"/a:/b:ro:x", "invalid spec: /a:/b:ro:x: too many colons"},
      {"a:b:c:d", "invalid volume specification: 'a:b:c:d'"},
      {"/c:ro", "invalid volume specification: '/c:ro'"},
      {"/x:rw,z", "invalid volume specification: '/x:rw,z'"},
      {"/h:/c:xx", "invalid mode: xx"},
      {"/h:/c:ro,rw", "invalid mode: ro,rw"},
      {"/c:/d:Z,z", "invalid mode: Z,z"},
      {"a:b:c", "invalid mode: c"},
      {"rel", "invalid volume specification: 'rel': invalid mount config for type \"volume\": "
              "invalid mount path: 'rel' mount path must be absolute"},
      {"vol:rel", "invalid volume specification: 'vol:rel': invalid mount config for type \"volume\": "
                  "invalid mount path: 'rel' mount path must be absolute"},
      {"vol:/", "invalid volume specification: 'vol:/': invalid mount config for type \"volume\": "
                "invalid specification: destination can't be '/'"},
      {"/h:/c/..", "invalid volume specification: '/h:/c/..': invalid mount config for type \"bind\": "
                   "invalid specification: destination can't be '/'"},
      {"/h:/c:nocopy", "invalid volume specification: '/h:/c:nocopy': invalid mount config for type \"bind\": "
                       "field VolumeOptions must not be specified"},
      {"vol:/c:rshared", "invalid volume specification: 'vol:/c:rshared': invalid mount config for type \"volume\": "
                         "field BindOptions must not be specified"},
  };
  for (auto& c : cases) EXPECT_EQ(error_of([&] { parse_volume(c.raw); }), c.error) << c.raw;
}

TEST(ParseVolume, Forms) {
  struct Case {
    const char* raw;
    Type type;
    const char* source;
    const char* dest;
    bool ro;
    const char* mode;
    const char* propagation;
    bool copy, z;
  } cases[] = {
      {"/anon", Type::volume, "", "/anon", false, "", "", true, false},
      {"/c/../d/", Type::volume, "", "/d", false, "", "", true, false},
      {"myvolume:/mydata/", Type::volume, "myvolume", "/mydata", false, "", "", true, true},
      {"vol:/c:ro", Type::volume, "vol", "/c", true, "ro", "", true, true},
      {"vol:/c:rw", Type::volume, "vol", "/c", false, "rw", "", true, true},
      {"vol:/c:ro,nocopy", Type::volume, "vol", "/c", true, "ro,nocopy", "", false, true},
      {"ro:/c", Type::volume, "ro", "/c", false, "", "", true, true},
      {"/tmp:/c:ro", Type::bind, "/tmp", "/c", true, "ro", "rprivate", true, false},
      {"/tmp//x/:/c:ro,rshared", Type::bind, "/tmp/x", "/c", true, "ro,rshared", "rshared", true, false},
      {"/a:/c:delegated,z", Type::bind, "/a", "/c", false, "delegated,z", "rprivate", true, false},
  };
  for (auto& c : cases) {
    auto r = parse_volume(c.raw);
    EXPECT_EQ(r.type, c.type) << c.raw;
    EXPECT_EQ(r.source, c.source) << c.raw;
    EXPECT_EQ(r.destination, c.dest) << c.raw;
    EXPECT_EQ(r.read_only, c.ro) << c.raw;
    EXPECT_EQ(r.mode, c.mode) << c.raw;
    EXPECT_EQ(r.propagation, c.propagation) << c.raw;
    EXPECT_EQ(r.copy_data, c.copy) << c.raw;
    EXPECT_EQ(r.default_mode_z, c.z) << c.raw;
    EXPECT_EQ(r.create_source, c.type == Type::bind) << c.raw;
  }
}

TEST(ParseMount, Errors) {
  auto flag = [](const std::string& raw, const std::string& e) {
    return "invalid argument \"" + raw + "\" for \"--mount\" flag: " + e;
  };
  struct Case {
    std::string raw, error;
  } cases[] = {
      {"src=vol", flag("src=vol", "target is required")},
      {"foo=bar,dst=/c", flag("foo=bar,dst=/c", "unexpected key 'foo' in 'foo=bar'")},
      {"dst", flag("dst", "invalid field 'dst' must be a key=value pair")},
      {"type=bind,src=/tmp,dst=/c,volume-nocopy",
       flag("type=bind,src=/tmp,dst=/c,volume-nocopy", "cannot mix 'volume-*' options with mount type 'bind'")},
      {"type=volume,dst=/c,bind-propagation=shared",
       flag("type=volume,dst=/c,bind-propagation=shared", "cannot mix 'bind-*' options with mount type 'volume'")},
      {"type=bind,src=/tmp,dst=/c,tmpfs-size=1m",
       flag("type=bind,src=/tmp,dst=/c,tmpfs-size=1m", "cannot mix 'tmpfs-*' options with mount type 'bind'")},
      {"type=tmpfs,dst=/c,tmpfs-size=abc", flag("type=tmpfs,dst=/c,tmpfs-size=abc", "invalid value for tmpfs-size: abc")},
      {"type=tmpfs,dst=/c,tmpfs-mode=999", flag("type=tmpfs,dst=/c,tmpfs-mode=999", "invalid value for tmpfs-mode: 999")},
      {"dst=/c,readonly=maybe", flag("dst=/c,readonly=maybe", "invalid value for readonly: maybe")},
      {"dst=/c,ro", "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes"},
      {"type=bind,src=/nonexistent-strata,dst=/c",
       "invalid mount config for type \"bind\": bind source path does not exist: /nonexistent-strata"},
      {"type=bind,src=rel,dst=/c", "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute"},
      {"type=bind,dst=/c", "invalid mount config for type \"bind\": field Source must not be empty"},
      {"type=tmpfs,src=x,dst=/c", "invalid mount config for type \"tmpfs\": field Source must not be specified"},
      {"type=foo,dst=/c", "invalid mount config for type \"foo\": mount type unknown"},
      {"src=vol,dst=rel", "invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute"},
      {"src=vol,dst=/", "invalid mount config for type \"volume\": invalid specification: destination can't be '/'"},
      {"type=bind,src=/tmp,dst=/c,bind-propagation=bogus", "invalid mount config for type \"bind\": invalid propagation mode: bogus"},
  };
  for (auto& c : cases) EXPECT_EQ(error_of([&] { parse_mount(c.raw); }), c.error) << c.raw;
}

TEST(ParseMount, Forms) {
  auto v = parse_mount("type=volume,src=vol,dst=/c,volume-nocopy,volume-label=a=b,volume-opt=type=tmpfs,volume-opt=device=tmpfs");
  EXPECT_EQ(v.type, Type::volume);
  EXPECT_EQ(v.source, "vol");
  EXPECT_FALSE(v.copy_data);
  EXPECT_TRUE(v.default_mode_z);
  EXPECT_EQ(v.volume_labels.at("a"), "b");
  EXPECT_EQ(v.volume_options.at("device"), "tmpfs");
  EXPECT_EQ(v.api.dump(),
            R"({"Type":"volume","Source":"vol","Target":"/c","VolumeOptions":{"NoCopy":true,"Labels":{"a":"b"},)"
            R"("DriverConfig":{"Options":{"type":"tmpfs","device":"tmpfs"}}}})");
  auto anon = parse_mount("dst=/c/");
  EXPECT_EQ(anon.source, "");
  EXPECT_EQ(anon.destination, "/c");
  EXPECT_EQ(anon.api.dump(), R"({"Type":"volume","Target":"/c/"})");
  auto b = parse_mount("type=bind,source=/tmp,target=/c,readonly");
  EXPECT_EQ(b.type, Type::bind);
  EXPECT_TRUE(b.read_only);
  EXPECT_EQ(b.propagation, "rprivate");
  EXPECT_EQ(b.api.dump(), R"({"Type":"bind","Source":"/tmp","Target":"/c","ReadOnly":true})");
  auto t = parse_mount("type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770");
  EXPECT_EQ(t.tmpfs_data, "mode=1770,size=1m");
  EXPECT_EQ(t.api.dump(), R"({"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Mode":1016}})");
  EXPECT_EQ(parse_mount("type=tmpfs,dst=/t,tmpfs-size=1500,ro").tmpfs_data, "ro,size=1500");
  EXPECT_EQ(parse_mount("\"type=tmpfs\",dst=/t").type, Type::tmpfs);
}

TEST(ParseTmpfs, Rules) {
  auto t = parse_tmpfs("/t:size=1m,mode=700");
  EXPECT_EQ(t.destination, "/t");
  EXPECT_EQ(t.tmpfs_data, "size=1m,mode=700");
  EXPECT_EQ(parse_tmpfs("/run").tmpfs_data, "");
  EXPECT_EQ(error_of([] { parse_tmpfs("t"); }), "invalid mount path: 't' mount path must be absolute");
  EXPECT_EQ(error_of([] { parse_tmpfs("/"); }), "invalid specification: destination can't be '/'");
  EXPECT_EQ(error_of([] { parse_tmpfs("/t:foo"); }), "invalid tmpfs option [\"foo\"]");
  EXPECT_EQ(error_of([] { parse_tmpfs("/t:foo=bar"); }), "invalid tmpfs option [\"foo\" \"bar\"]");
  EXPECT_EQ(error_of([] { parse_tmpfs("/t:ro,exec,size=1m"); }), "");
}

TEST(ParseVolumesFrom, Rules) {
  auto v = parse_volumes_from("data:ro");
  EXPECT_EQ(v.container, "data");
  EXPECT_FALSE(v.rw);
  EXPECT_TRUE(parse_volumes_from("data").rw);
  EXPECT_TRUE(parse_volumes_from("data:rw").rw);
  EXPECT_EQ(error_of([] { parse_volumes_from("data:nocopy"); }), "invalid mode: nocopy");
  EXPECT_EQ(error_of([] { parse_volumes_from("data:ro:rw"); }), "invalid mode: ro:rw");
  EXPECT_EQ(error_of([] { parse_volumes_from("data:rshared"); }), "invalid mode: rshared");
  EXPECT_EQ(error_of([] { parse_volumes_from(""); }), "volumes-from specification cannot be an empty string");
}

TEST(RamInBytes, GoUnits) {
  EXPECT_EQ(ram_in_bytes("64m"), 64 << 20);
  EXPECT_EQ(ram_in_bytes("1g"), 1 << 30);
  EXPECT_EQ(ram_in_bytes("1.5GB"), 3 << 29);
  EXPECT_EQ(ram_in_bytes("100"), 100);
  EXPECT_EQ(ram_in_bytes("2 KiB"), 2048);
  EXPECT_FALSE(ram_in_bytes("abc"));
  EXPECT_FALSE(ram_in_bytes("-1m"));
}
