#include "volume/volume_service.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "store/db.h"

namespace strata::volume {

class VolumeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths.root = std::filesystem::temp_directory_path() / ("strata-volume-test-" + random_hex(6));
    paths.run_root = paths.root / "run";
    paths.ensure();
    db = std::make_unique<store::Db>(paths.db());
    svc = std::make_unique<VolumeService>(paths, *db);
    db->exec("INSERT INTO images(id, config, created) VALUES('sha256:i', '{}', '')");
  }
  void TearDown() override {
    svc.reset();
    db.reset();
    fs::remove_all(paths.root);
  }
  void use(const std::string& container, const std::string& volume) {
    db->prepare("INSERT OR IGNORE INTO containers(id, name, image_id, mount_id, config, host_config, state, created) "
                "VALUES(?,?,'sha256:i','m','{}','{}','{}','')")
        .bind(1, container).bind(2, container).run();
    db->prepare("INSERT INTO mount_points(container_id, position, destination, volume, spec) VALUES(?, "
                "(SELECT COUNT(*) FROM mount_points), '/d', ?, '{}')")
        .bind(1, container).bind(2, volume).run();
  }
  Paths paths;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<VolumeService> svc;
};

TEST_F(VolumeServiceTest, CreateLaysOutLikeDocker) {
  auto v = svc->create({.name = "myvolume", .labels = {{"k", "v"}}});
  EXPECT_EQ(v.mountpoint, paths.volumes() / "myvolume" / "_data");
  struct stat st {};
  ASSERT_EQ(::stat((paths.volumes() / "myvolume").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0701u);
  ASSERT_EQ(::stat(v.mountpoint.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  EXPECT_FALSE(std::filesystem::exists(paths.volumes() / "myvolume" / "opts.json"));
  EXPECT_EQ(svc->get("myvolume").label("k"), "v");
  // Creating it again returns it as it is.
  EXPECT_EQ(svc->create({.name = "myvolume"}).created, v.created);
  auto t = svc->create({.name = "tmp", .options = {{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}}});
  EXPECT_EQ(fs::read_file(paths.volumes() / "tmp" / "opts.json"),
            R"({"MountType":"tmpfs","MountOpts":"size=1m","MountDevice":"tmpfs","Quota":{"Size":0}})");
  auto anon = svc->create({});
  EXPECT_TRUE(anon.anonymous);
  EXPECT_TRUE(is_full_hex_id(anon.name));
  EXPECT_TRUE(std::filesystem::is_empty(paths.tmp()));
}

TEST_F(VolumeServiceTest, BadInputMakesNothing) {
  EXPECT_THROW(svc->create({.name = "../escape"}), Error);
  EXPECT_THROW(svc->create({.name = "ok-name", .options = {{"foo", "bar"}}}), Error);
  EXPECT_THROW(svc->create({.name = "ok-name", .driver = "nfs-plugin"}), Error);
  EXPECT_TRUE(std::filesystem::is_empty(paths.volumes()));
  EXPECT_TRUE(svc->list().empty());
}

TEST_F(VolumeServiceTest, RemoveRefusesVolumeInUseAndKeepsData) {
  auto v = svc->create({.name = "data"});
  std::ofstream(v.mountpoint / "f") << "x";
  use("c1", "data");
  use("c2", "data");
  try {
    svc->remove("data", true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "remove data: volume is in use - [c1, c2]");
    EXPECT_EQ(e.code(), Errc::conflict);
  }
  EXPECT_TRUE(std::filesystem::exists(v.mountpoint / "f"));
  db->exec("DELETE FROM containers");  // the mount points go with them
  svc->remove("data", false);
  EXPECT_FALSE(std::filesystem::exists(paths.volumes() / "data"));
  EXPECT_TRUE(std::filesystem::is_empty(paths.tmp()));
  EXPECT_STREQ([&] { try { svc->remove("data", false); } catch (const Error& e) { return std::string(e.what()); } return std::string(); }().c_str(),
               "get data: no such volume");
  svc->remove("data", true);  // -f: a missing volume is fine
}

TEST_F(VolumeServiceTest, OrphanDirectoryIsReplacedOnCreate) {
  // A cut-short rm left the directory but not the record.
  std::filesystem::create_directories(paths.volumes() / "again" / "_data");
  std::ofstream(paths.volumes() / "again" / "_data" / "old") << "x";
  auto v = svc->create({.name = "again"});
  EXPECT_TRUE(std::filesystem::is_empty(v.mountpoint));
}

TEST_F(VolumeServiceTest, ListFilters) {
  svc->create({.name = "vol-10", .labels = {{"a", "b"}}});
  svc->create({.name = "vol-9", .labels = {{"a", "c"}, {"x", ""}}});
  svc->create({.name = "other"});
  use("c1", "other");
  auto names = [&](const Filters& f) {
    std::string s;
    for (auto& v : svc->list(f)) s += (s.empty() ? "" : " ") + v.name;
    return s;
  };
  EXPECT_EQ(names({}), "other vol-9 vol-10");
  EXPECT_EQ(names({{"name", "vol"}}), "vol-9 vol-10");
  EXPECT_EQ(names({{"name", "^o"}, {"name", "10$"}}), "other vol-10");
  EXPECT_EQ(names({{"label", "a"}}), "vol-9 vol-10");
  EXPECT_EQ(names({{"label", "a=b"}}), "vol-10");
  EXPECT_EQ(names({{"label", "a"}, {"label", "x"}}), "vol-9");
  EXPECT_EQ(names({{"dangling", "true"}}), "vol-9 vol-10");
  EXPECT_EQ(names({{"dangling", "0"}}), "other");
  EXPECT_EQ(names({{"driver", "local"}}), "other vol-9 vol-10");
  EXPECT_EQ(names({{"driver", "nfs"}}), "");
  EXPECT_THROW(names({{"foo", "bar"}}), Error);
  try {
    names({{"dangling", "maybe"}});
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "Invalid filter 'dangling=[maybe]'");
  }
  EXPECT_EQ(parse_filter("Label=a=b"), (std::pair<std::string, std::string>{"label", "a=b"}));
  EXPECT_THROW(parse_filter("nofilter"), Error);
}

TEST_F(VolumeServiceTest, PruneRules) {
  auto anon = svc->create({});
  auto used_anon = svc->create({});
  svc->create({.name = "named"});
  svc->create({.name = "labelled", .labels = {{"keep", "no"}}});
  svc->create({.name = "outside", .options = {{"type", "tmpfs"}, {"device", "tmpfs"}}});
  use("c1", used_anon.name);
  std::ofstream(anon.mountpoint / "f") << "12345";
  auto names = [](const std::vector<Volume>& v) {
    std::vector<std::string> out;
    for (auto& x : v) out.push_back(x.name);
    return out;
  };
  // Default: anonymous and unused only.
  EXPECT_EQ(names(svc->prune_candidates(false, {})), std::vector<std::string>{anon.name});
  // --all: named too, never one with driver options, never one in use.
  EXPECT_EQ(names(svc->prune_candidates(true, {})), (std::vector<std::string>{anon.name, "labelled", "named"}));
  EXPECT_EQ(names(svc->prune_candidates(false, {{"all", "true"}})), (std::vector<std::string>{anon.name, "labelled", "named"}));
  EXPECT_EQ(names(svc->prune_candidates(true, {{"label", "keep"}})), std::vector<std::string>{"labelled"});
  EXPECT_EQ(names(svc->prune_candidates(true, {{"label!", "keep=no"}})), (std::vector<std::string>{anon.name, "named"}));
  EXPECT_THROW(svc->prune_candidates(true, {{"name", "x"}}), Error);
  auto [removed, bytes] = svc->prune(svc->prune_candidates(false, {}));
  EXPECT_EQ(removed, std::vector<std::string>{anon.name});
  EXPECT_EQ(bytes, 5);
  EXPECT_FALSE(svc->find(anon.name));
  EXPECT_TRUE(svc->find(used_anon.name));
}

}  // namespace strata::volume
