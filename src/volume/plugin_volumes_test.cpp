// VolumeService with a fake volume plugin: records, errors, and Mount/Unmount pairing.
#include <gtest/gtest.h>

#include "common/error_test_util.h"

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata::volume {

using testing_util::error_of;

namespace {
struct FakeDriver : VolumeDriver {
  std::vector<std::string> calls;
  std::map<std::string, std::string> fail;  // method -> error
  std::filesystem::path storage;
  void maybe_fail(const std::string& m) {
    if (fail.count(m)) throw Error(Errc::system, fail[m]);
  }
  void create(const std::string& n, const StringMap& o) override {
    calls.push_back("Create " + n + (o.empty() ? "" : " " + o.begin()->first));
    maybe_fail("Create");
    std::filesystem::create_directories(storage / n);
  }
  void remove(const std::string& n) override {
    calls.push_back("Remove " + n);
    maybe_fail("Remove");
  }
  std::string mount(const std::string& n, const std::string& id) override {
    calls.push_back("Mount " + n + " " + id);
    maybe_fail("Mount");
    return (storage / n).string();
  }
  void unmount(const std::string& n, const std::string& id) override { calls.push_back("Unmount " + n + " " + id); }
  std::string path(const std::string& n) override { return (storage / n).string(); }
  DriverVolume get(const std::string& n) override { return {n, (storage / n).string(), "", Json{{"k", "v"}}}; }
  std::vector<DriverVolume> list() override { return {}; }
  std::string scope() override { return "global"; }
};
}  // namespace

class PluginVolumesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths.root = std::filesystem::temp_directory_path() / ("strata-plugin-vol-test-" + random_hex(6));
    paths.run_root = paths.root / "run";
    paths.ensure();
    db = std::make_unique<store::Db>(paths.db());
    svc = std::make_unique<VolumeService>(paths, *db);
    fake = std::make_shared<FakeDriver>();
    fake->storage = paths.root / "outside";
    svc->set_driver_lookup([this](const std::string& name) -> std::shared_ptr<VolumeDriver> {
      if (name != "fake") throw Error(Errc::not_found, "error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
      return fake;
    });
  }
  void TearDown() override {
    svc.reset();
    db.reset();
    fs::remove_all(paths.root);
  }
  Paths paths;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<VolumeService> svc;
  std::shared_ptr<FakeDriver> fake;
};

TEST_F(PluginVolumesTest, CreateRecordsTheDriverAndInspectAsksThePlugin) {
  auto v = svc->create({.name = "pv", .driver = "fake", .options = {{"anything", "goes"}}});
  EXPECT_EQ(fake->calls, std::vector<std::string>{"Create pv anything"});
  auto got = svc->get("pv");
  EXPECT_EQ(got.driver, "fake");
  EXPECT_TRUE(got.mountpoint.empty());
  EXPECT_FALSE(std::filesystem::exists(paths.volumes() / "pv"));  // the plugin keeps the data
  auto j = inspect_json(svc->describe(got));
  EXPECT_EQ(j["Mountpoint"], (fake->storage / "pv").string());
  EXPECT_EQ(j["Scope"], "global");
  EXPECT_EQ(j["Status"].dump(), R"({"k":"v"})");
  EXPECT_EQ(j["CreatedAt"], "0001-01-01T00:00:00Z");
  EXPECT_EQ(svc->list({{"driver", "fake"}}).size(), 1u);
  EXPECT_EQ(svc->list({{"driver", "local"}}).size(), 0u);
}

TEST_F(PluginVolumesTest, ErrorsLeaveNoRecord) {
  EXPECT_EQ(error_of([&] { svc->create({.name = "pv", .driver = "absent"}); }),
            "create pv: error looking up volume plugin absent: plugin \"absent\" not found");
  fake->fail["Create"] = "VolumeDriver.Create: full";
  EXPECT_EQ(error_of([&] { svc->create({.name = "pv", .driver = "fake"}); }), "create pv: VolumeDriver.Create: full");
  EXPECT_TRUE(svc->list().empty());
  fake->fail.clear();
  svc->create({.name = "pv", .driver = "fake"});
  fake->fail["Remove"] = "VolumeDriver.Remove: still attached";
  EXPECT_EQ(error_of([&] { svc->remove("pv", false); }), "remove pv: VolumeDriver.Remove: still attached");
  EXPECT_TRUE(svc->find("pv").has_value());  // the plugin refused: the record stays
  fake->fail.clear();
  svc->remove("pv", false);
  EXPECT_FALSE(svc->find("pv").has_value());
}

TEST_F(PluginVolumesTest, EachMountIsUnmountedOnceWithItsId) {
  auto v = svc->create({.name = "pv", .driver = "fake"});
  fake->calls.clear();
  EXPECT_EQ(svc->mount(v, "c1-a"), fake->storage / "pv");
  svc->mount(v, "c1-b");
  ASSERT_EQ(fake->calls.size(), 2u);
  std::string id_a = fake->calls[0].substr(fake->calls[0].rfind(' ') + 1);
  std::string id_b = fake->calls[1].substr(fake->calls[1].rfind(' ') + 1);
  EXPECT_TRUE(is_full_hex_id(id_a));
  EXPECT_NE(id_a, id_b);
  svc->unmount(v, "c1-b");
  svc->unmount(v, "c1-a");
  svc->unmount(v, "c1-a");  // a second release (stop, then rm) calls nothing
  EXPECT_EQ(fake->calls, (std::vector<std::string>{"Mount pv " + id_a, "Mount pv " + id_b, "Unmount pv " + id_b,
                                                   "Unmount pv " + id_a}));
  fake->fail["Mount"] = "VolumeDriver.Mount: offline";
  EXPECT_EQ(error_of([&] { svc->mount(v, "c2"); }), "error while mounting volume '': VolumeDriver.Mount: offline");
  fake->calls.clear();
  svc->unmount(v, "c2");  // the failed Mount is not undone
  EXPECT_TRUE(fake->calls.empty());
}

TEST_F(PluginVolumesTest, CopyOnFirstMountGoesThroughAMount) {
  auto v = svc->create({.name = "pv", .driver = "fake"});
  fake->calls.clear();
  EXPECT_TRUE(svc->fill_if_empty(v, [](const std::filesystem::path& dir) {
    fs::write_file_atomic(dir / "f", "x", false);
    return true;
  }));
  EXPECT_EQ(fs::read_file(fake->storage / "pv" / "f"), "x");
  ASSERT_EQ(fake->calls.size(), 2u);
  EXPECT_EQ(fake->calls[0].replace(0, 5, "Unmount"), fake->calls[1]);  // same ID
  EXPECT_FALSE(svc->fill_if_empty(v, [](const std::filesystem::path&) { return true; }));  // not empty
}

TEST_F(PluginVolumesTest, DiscardAsksThePluginToRemove) {
  db->transaction([&] {
    auto [v, fresh] = svc->ensure({.name = "pv", .driver = "fake"});
    EXPECT_TRUE(fresh);
    svc->discard(v.name);
    return 0;
  });
  EXPECT_EQ(fake->calls.back(), "Remove pv");
}

}  // namespace strata::volume
