#include "store/db.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata::store {

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("strata-db-test-" + random_hex(6));
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_F(DbTest, SchemaIsCreatedOnceAndReopens) {
  { Db db(dir / "s.db"); }
  Db db(dir / "s.db");
  auto st = db.prepare("SELECT count(*) FROM containers");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 0);
}

TEST_F(DbTest, TransactionRollsBackWhenBodyThrows) {
  Db db(dir / "s.db");
  EXPECT_THROW(db.transaction([&] {
    db.prepare("INSERT INTO images(id, config, created) VALUES('sha256:a','{}','now')").run();
    throw Error(Errc::conflict, "boom");
  }),
               Error);
  auto st = db.prepare("SELECT count(*) FROM images");
  st.step();
  EXPECT_EQ(st.int64(0), 0);
}

TEST_F(DbTest, UniqueViolationIsConflict) {
  Db db(dir / "s.db");
  db.prepare("INSERT INTO images(id, config, created) VALUES('sha256:a','{}','now')").run();
  try {
    db.prepare("INSERT INTO images(id, config, created) VALUES('sha256:a','{}','now')").run();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
}

TEST_F(DbTest, TwoConnectionsSeeCommittedWrites) {
  Db a(dir / "s.db"), b(dir / "s.db");
  a.transaction([&] { a.prepare("INSERT INTO images(id, config, created) VALUES('sha256:b','{}','now')").run(); });
  auto st = b.prepare("SELECT id FROM images");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "sha256:b");
}

TEST_F(DbTest, BackgroundCheckpointLeavesTheNextCommandAShortWal) {
  Db db(dir / "s.db");
  auto insert = [&](int i) {
    db.prepare("INSERT INTO images(id, config, created) VALUES(?1, ?2, 'now')")
        .bind(1, "sha256:" + std::to_string(i))
        .bind(2, std::string(3000, 'x'))
        .run();
  };
  for (int i = 0; i < 40; ++i) insert(i);
  int grown = db.wal_frames();
  EXPECT_GE(grown, 40);
  EXPECT_FALSE(db.checkpoint_in_background(grown + 1).joinable());  // short enough: nothing started
  { auto t = db.checkpoint_in_background(10); EXPECT_TRUE(t.joinable()); }
  insert(1000);  // the first commit after a full checkpoint starts the WAL over
  EXPECT_LT(db.wal_frames(), grown / 4);  // without it: grown + the new frames
  // and the data is all there, for this connection and a new one
  Db other(dir / "s.db");
  auto st = other.prepare("SELECT count(*) FROM images");
  st.step();
  EXPECT_EQ(st.int64(0), 41);
}

}  // namespace strata::store
