#include <gtest/gtest.h>

#include <sys/mount.h>

#include "common/error.h"
#include "mounts/mount_point.h"
#include "mounts/rules.h"

using namespace strata::mounts;

TEST(Rules, CleanPath) {
  EXPECT_EQ(clean_path("/a//b/../c/"), "/a/c");
  EXPECT_EQ(clean_path("/.."), "/");
  EXPECT_EQ(clean_path("a/../.."), "..");
  EXPECT_EQ(clean_path(""), ".");
  EXPECT_EQ(clean_path("/mydata/"), "/mydata");
}

TEST(Rules, Modes) {
  for (auto* ok : {"", "ro", "rw", "z", "Z", "ro,z", "rshared", "ro,nocopy", "cached", "rw,Z,rslave,nocopy,delegated"})
    EXPECT_TRUE(valid_mode(ok)) << ok;
  for (auto* bad : {"xx", "ro,rw", "z,Z", "shared,slave", "nocopy,nocopy", "ro,", ",ro"}) EXPECT_FALSE(valid_mode(bad)) << bad;
  EXPECT_FALSE(mode_read_write("ro,z"));
  EXPECT_TRUE(mode_read_write("z"));
  EXPECT_EQ(mode_propagation("ro,rslave"), "rslave");
  EXPECT_EQ(mode_copy_data("ro,nocopy"), false);
  EXPECT_FALSE(mode_copy_data("ro").has_value());
}

TEST(Rules, MountOptions) {
  auto p = parse_mount_options("bind,ro,size=1m,uid=5");
  EXPECT_EQ(p.flags, static_cast<unsigned long>(MS_BIND | MS_RDONLY));
  EXPECT_EQ(p.data, "size=1m,uid=5");
  EXPECT_EQ(parse_mount_options("ro,rw").flags, 0UL);
}

TEST(Rules, MergeTmpfsOptions) {
  EXPECT_EQ(merge_tmpfs_options({}), (std::vector<std::string>{"noexec", "nosuid", "nodev", "rprivate"}));
  EXPECT_EQ(merge_tmpfs_options({"exec", "size=1m", "size=2m", "shared"}),
            (std::vector<std::string>{"nosuid", "nodev", "exec", "size=2m", "shared"}));
  EXPECT_THROW(merge_tmpfs_options({"foo"}), strata::Error);
}

TEST(MountPoint, JsonAndOptions) {
  MountPoint m;
  m.type = Type::volume;
  m.name = "v";
  m.source = "/r/volumes/v/_data";
  m.destination = "/d";
  m.driver = "local";
  m.mode = "z";
  EXPECT_EQ(docker_json(m).dump(),
            R"({"Type":"volume","Name":"v","Source":"/r/volumes/v/_data","Destination":"/d","Driver":"local",)"
            R"("Mode":"z","RW":true,"Propagation":""})");
  EXPECT_EQ(from_json(to_json(m)).source, m.source);
  EXPECT_EQ(oci_options(m), (std::vector<std::string>{"rbind", "rprivate", "rw"}));
  m.rw = false;
  EXPECT_EQ(oci_options(m), (std::vector<std::string>{"rbind", "rprivate", "ro", "rro"}));
  MountPoint b = m;
  b.type = Type::bind;
  EXPECT_EQ(docker_json(b).dump(), R"({"Type":"bind","Source":"/r/volumes/v/_data","Destination":"/d","Mode":"z","RW":false,"Propagation":""})");
  std::vector<MountPoint> v(3);
  v[0].destination = "/a/b/c";
  v[1].destination = "/a";
  v[2].destination = "/a/b";
  sort_for_mounting(v);
  EXPECT_EQ(v[0].destination, "/a");
  EXPECT_EQ(v[2].destination, "/a/b/c");
}
