// plan_mounts: Docker's precedence and duplicate rules, and the HostConfig it records.
#include "container/container_mounts.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "container/service.h"
#include "mounts/mount_point_store.h"
#include "mounts/rules.h"
#include "store/db.h"

namespace strata::container {

class PlanMountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("strata-plan-test-" + random_hex(6));
    std::filesystem::create_directories(dir);
    db = std::make_unique<store::Db>(dir / "s.db");
  }
  void TearDown() override {
    db.reset();
    fs::remove_all(dir);
  }
  MountPlan plan(std::vector<std::string> v, std::vector<std::string> m = {}, std::vector<std::string> t = {},
                 Json image_volumes = Json()) {
    CreateOptions o;
    o.volumes = std::move(v);
    o.mounts = std::move(m);
    o.tmpfs = std::move(t);
    return plan_mounts(o, image_volumes, *db);
  }
  std::string error(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
  std::filesystem::path dir;
  std::unique_ptr<store::Db> db;
};

TEST_F(PlanMountsTest, FormsAndHostConfig) {
  auto p = plan({"myvolume:/mydata/", "/tmp:/h:ro", "/anon", "./rel:/r"}, {"type=tmpfs,dst=/m,tmpfs-size=1m"}, {"/t:size=2m"});
  ASSERT_EQ(p.mounts.size(), 5u);
  auto& named = p.mounts[0];
  EXPECT_EQ(named.point.name, "myvolume");
  EXPECT_EQ(named.point.mode, "z");
  ASSERT_TRUE(named.volume);
  EXPECT_FALSE(named.volume->anonymous);
  EXPECT_EQ(p.mounts[1].point.type, mounts::Type::bind);
  EXPECT_FALSE(p.mounts[1].point.rw);
  EXPECT_EQ(p.mounts[2].point.source, mounts::clean_path(std::filesystem::current_path().string() + "/rel"));
  EXPECT_EQ(p.mounts[3].point.tmpfs_options,
            (std::vector<std::string>{"noexec", "nosuid", "nodev", "rprivate", "size=1m"}));
  auto& anon = p.mounts[4];
  EXPECT_TRUE(anon.point.anonymous && anon.volume && anon.volume->anonymous);
  EXPECT_TRUE(is_full_hex_id(anon.point.name));
  EXPECT_EQ(anon.point.mode, "");
  EXPECT_EQ(p.binds.dump(), "[\"myvolume:/mydata/\",\"/tmp:/h:ro\",\"" +
                                mounts::clean_path(std::filesystem::current_path().string() + "/rel") + ":/r\"]");
  EXPECT_EQ(p.config_volumes.dump(), R"({"/anon":{}})");
  EXPECT_EQ(p.tmpfs.dump(), R"({"/t":"size=2m"})");
  EXPECT_EQ(p.mounts_api.dump(), R"([{"Type":"tmpfs","Target":"/m","TmpfsOptions":{"SizeBytes":1048576}}])");
}

TEST_F(PlanMountsTest, ImageVolumesGiveWayToExplicitMounts) {
  Json image = {{"/data", Json::object()}, {"/logs", Json::object()}, {"/cache", Json::object()}};
  auto p = plan({"mine:/data"}, {}, {"/cache"}, image);
  ASSERT_EQ(p.mounts.size(), 2u);
  EXPECT_EQ(p.mounts[0].point.name, "mine");
  EXPECT_EQ(p.mounts[1].point.destination, "/logs");
  EXPECT_TRUE(p.mounts[1].point.anonymous);
  EXPECT_EQ(p.config_volumes.size(), 3u);  // Config.Volumes keeps the image's list
}

TEST_F(PlanMountsTest, DuplicatesAndBadInput) {
  EXPECT_EQ(error([&] { plan({"a1:/c", "/tmp:/c/"}); }), "Duplicate mount point: /c");
  EXPECT_EQ(error([&] { plan({"a1:/c"}, {"type=volume,dst=/c"}); }), "Duplicate mount point: /c");
  EXPECT_EQ(error([&] { plan({"a1:/c"}, {}, {"/c"}); }), "Duplicate mount point: /c");
  EXPECT_EQ(error([&] { plan({"/c", "v1:/c"}); }), "");  // an anonymous one gives way
  EXPECT_EQ(error([&] { plan({"bad name:/x"}); }).substr(0, 15), "create bad name");
  EXPECT_EQ(error([&] { plan({}, {"type=volume,src=v1,dst=/x,volume-opt=foo=bar"}); }), "create v1: invalid option: \"foo\"");
  // A volume plugin is looked up when the volume is made (make_mounts), as Docker does.
  EXPECT_EQ(error([&] { plan({}, {"type=volume,dst=/x,volume-driver=nfs,volume-opt=any=thing"}); }), "");
}

TEST_F(PlanMountsTest, VolumesFromCopiesPointsReadOnlyOnRequest) {
  db->exec("INSERT INTO images(id, config, created) VALUES('sha256:i', '{}', '')");
  db->exec("INSERT INTO containers(id, name, image_id, mount_id, config, host_config, state, created) "
           "VALUES('c1', 'src', 'sha256:i', 'm', '{}', '{}', '{}', '')");
  db->exec("INSERT INTO volumes(name, driver, created, labels, options, anonymous) VALUES('v1','local','','null','null',0)");
  mounts::MountPoint m;
  m.name = "v1";
  m.destination = "/d";
  m.mode = "z";
  m.driver = "local";
  m.copy_data = true;
  mounts::MountPointStore(*db).insert("c1", {m});
  CreateOptions o;
  o.volumes_from = {"src:ro"};
  auto p = plan_mounts(o, Json(), *db);
  ASSERT_EQ(p.mounts.size(), 1u);
  EXPECT_FALSE(p.mounts[0].point.rw);
  EXPECT_EQ(p.mounts[0].point.mode, "");
  EXPECT_FALSE(p.mounts[0].point.copy_data);
  EXPECT_FALSE(p.mounts[0].volume);
  EXPECT_EQ(p.volumes_from.dump(), R"(["src:ro"])");
  o.volumes = {"other:/d"};  // -v replaces what --volumes-from brought at the same place
  p = plan_mounts(o, Json(), *db);
  ASSERT_EQ(p.mounts.size(), 1u);
  EXPECT_EQ(p.mounts[0].point.name, "other");
  o.volumes_from = {"nosuch"};
  EXPECT_EQ(error([&] { plan_mounts(o, Json(), *db); }), "No such container: nosuch");
}

}  // namespace strata::container
