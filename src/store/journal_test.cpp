#include "store/journal.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fs.h"
#include "common/id.h"

namespace strata::store {

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = std::filesystem::temp_directory_path() / ("strata-journal-" + random_hex(6)); }
  void TearDown() override { fs::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_F(JournalTest, FinishedChangeLeavesNothingToRecover) {
  Journal j(dir);
  { auto i = j.begin("create"); }
  int runs = 0;
  EXPECT_TRUE(j.recover_if_needed([&] { ++runs; }).empty());
  EXPECT_EQ(runs, 0);
}

TEST_F(JournalTest, KilledChangeIsRecoveredOnce) {
  Journal j(dir);
  pid_t pid = ::fork();
  if (pid == 0) {
    auto i = j.begin("import");
    ::_exit(0);  // no destructor: what kill -9 leaves
  }
  int st;
  ::waitpid(pid, &st, 0);
  int runs = 0;
  EXPECT_EQ(j.recover_if_needed([&] { ++runs; }), std::vector<std::string>{"import"});
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(j.recover_if_needed([&] { ++runs; }).empty());
  EXPECT_EQ(runs, 1);
}

TEST_F(JournalTest, NoRecoveryWhileAChangeIsInFlight) {
  Journal j(dir);
  pid_t pid = ::fork();
  if (pid == 0) {
    auto i = j.begin("rm");
    ::_exit(0);
  }
  int st;
  ::waitpid(pid, &st, 0);
  auto live = j.begin("create");  // in flight: recovery must wait for it
  int runs = 0;
  EXPECT_TRUE(j.recover_if_needed([&] { ++runs; }).empty());
  EXPECT_EQ(runs, 0);
}

}  // namespace strata::store
