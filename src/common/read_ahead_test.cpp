#include "common/read_ahead.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata {

TEST(ReadAhead, ReadsFilesOfOddSizesWholeWithODirectAndWithout) {
  // /var/tmp: a disk filesystem, where O_DIRECT is what save gets.
  auto dir = std::filesystem::path("/var/tmp") / ("strata-readahead-test-" + random_hex(6));
  std::filesystem::create_directories(dir);
  ReadAhead ra;  // one reader for several files, as a tar of a layer uses it
  for (size_t size : {size_t{0}, size_t{1}, size_t{4095}, ReadAhead::kChunk, 3 * ReadAhead::kChunk + 12345}) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>(i * 131 + i / 4096);
    auto path = dir / std::to_string(size);
    fs::write_file_atomic(path, data, true);
    for (int flags : {O_RDONLY | O_DIRECT, O_RDONLY}) {
      UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
      if (!fd.valid()) continue;  // a filesystem without O_DIRECT
      ra.start(fd.get(), size);
      std::string got;
      ssize_t n;
      while (const char* p = ra.next(n)) {
        ASSERT_GE(n, 0) << size;
        if (n == 0) break;
        got.append(p, static_cast<size_t>(n));
      }
      EXPECT_EQ(got.size(), size) << flags;
      EXPECT_TRUE(got == data) << size << " " << flags;
    }
  }
  fs::remove_all(dir);
}

TEST(ReadAhead, AReadErrorComesBackAsMinusErrno) {
  UniqueFd fd(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));  // read(2) of a directory: EISDIR
  ReadAhead ra;
  ra.start(fd.get(), 100);
  ssize_t n = 0;
  ra.next(n);
  EXPECT_EQ(n, -EISDIR);
  ra.next(n);
  EXPECT_EQ(n, 0);  // and then the end
}

}  // namespace strata
