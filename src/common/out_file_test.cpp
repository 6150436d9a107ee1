#include "common/out_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <string>

#include "common/error.h"
#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata {

class OutFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // /var/tmp: a disk filesystem, where O_DIRECT is what the real outputs get.
    path = std::filesystem::path("/var/tmp") / ("strata-outfile-test-" + random_hex(6));
    fd.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    ASSERT_TRUE(fd.valid());
  }
  void TearDown() override { std::filesystem::remove(path); }
  bool set_direct() { return ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_DIRECT) == 0; }
  // Bytes that differ at every offset, so a misplaced block shows.
  static std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
    return s;
  }
  std::filesystem::path path;
  UniqueFd fd;
};

TEST_F(OutFileTest, DirectWritesOfOddSizesGiveTheExactBytesAndClearODirect) {
  if (!set_direct()) GTEST_SKIP() << "this filesystem refuses O_DIRECT";
  const std::string data = pattern(3 * OutFile::kStage + 12345);
  {
    OutFile out(fd.get());
    EXPECT_TRUE(out.direct());
    for (size_t at = 0, step = 1; at < data.size(); at += step, step = step * 7 % 1000003 + 1)
      out.write(data.data() + at, std::min(step, data.size() - at));
    out.finish();
  }
  EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_DIRECT, 0);  // the tail was written, the fd is plain again
  EXPECT_EQ(fs::read_file(path), data);
}

TEST_F(OutFileTest, AFailedBackgroundWriteIsReportedWithTheFileName) {
  if (!set_direct()) GTEST_SKIP() << "this filesystem refuses O_DIRECT";
  // A file size limit of 1.5 stages: the writer thread's second stage fails (EFBIG).
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = OutFile::kStage + OutFile::kStage / 2;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string data = pattern(3 * OutFile::kStage);
  std::string error;
  try {
    OutFile out(fd.get(), "layer/big");
    out.write(data.data(), data.size());
    out.finish();
  } catch (const Error& e) {
    error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(error.rfind("write layer/big: ", 0), 0u) << error;
}

TEST_F(OutFileTest, UnalignedStartFallsBackToBufferedWrites) {
  ASSERT_EQ(::write(fd.get(), "abc", 3), 3);
  if (!set_direct()) GTEST_SKIP() << "this filesystem refuses O_DIRECT";
  OutFile out(fd.get());
  EXPECT_FALSE(out.direct());
  EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_DIRECT, 0);
  out.write("defg", 4);
  out.finish();
  EXPECT_EQ(fs::read_file(path), "abcdefg");
}

TEST_F(OutFileTest, PlainDescriptorIsWrittenAsIs) {
  OutFile out(fd.get());
  EXPECT_FALSE(out.direct());
  const std::string data = pattern(OutFile::kAlign + 1);
  out.write(data.data(), data.size());
  out.finish();
  EXPECT_EQ(fs::read_file(path), data);
}

}  // namespace strata
