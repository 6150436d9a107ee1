#include <gtest/gtest.h>
#include <sys/mman.h>

#include "archive/extract.h"
#include "archive/tar_builder_test_util.h"
#include "archive/tree_snapshot_test_util.h"
#include "common/error.h"

// extract_layer's options: the tee (a loaded layer's blob), the raw digest (an OCI blob's digest),
// the size limit (bombs), and a reader function (an entry of an outer archive).
namespace strata::archive {
namespace {

using namespace testing;

const std::string& sample_tar() {
  static const std::string t = make_tar({dir("etc"), file("etc/a", "a"), file("big", std::string(5 << 20, 'b'))});
  return t;
}

TEST(ExtractOptions, TeeGetsTheUncompressedStreamAndRawDigestTheInput) {
  for (const char* filter : {"none", "gzip", "zstd"}) {
    SCOPED_TRACE(filter);
    const std::string input = std::string(filter) == "none" ? sample_tar() : compress(sample_tar(), filter);
    TempDir dest;
    UniqueFd tee(::memfd_create("tee", MFD_CLOEXEC));
    ExtractOptions o;
    o.tee_fd = tee.get();
    ExtractResult r = extract_layer(memfd(input).get(), dest.path(), o);
    EXPECT_EQ(fs::read_file("/proc/self/fd/" + std::to_string(tee.get())), sample_tar());
    EXPECT_EQ(r.diff_id, sha256_digest(sample_tar()));
    EXPECT_EQ(r.raw_digest, sha256_digest(input));
    EXPECT_EQ(r.raw_size, input.size());
  }
}

TEST(ExtractOptions, StreamBeyondTheLimitIsRefused) {
  // A small gzip that expands to 64 MiB of zeros in one file: a bomb for a 1 MiB limit.
  const std::string bomb = compress(make_tar({file("zeros", std::string(64 << 20, '\0'))}), "gzip");
  ASSERT_LT(bomb.size(), 1u << 20);
  TempDir dest;
  ExtractOptions o;
  o.max_tar_size = 1 << 20;
  try {
    extract_layer(memfd(bomb).get(), dest.path(), o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("expands beyond 1048576 bytes"), std::string::npos) << e.what();
  }
}

TEST(ExtractOptions, ReaderFunctionAndItsErrors) {
  const std::string& t = sample_tar();
  size_t pos = 0;
  ReadFn read = [&](const void** out) -> size_t {
    size_t n = std::min<size_t>(4096, t.size() - pos);
    *out = t.data() + pos;
    pos += n;
    return n;
  };
  TempDir dest;
  EXPECT_EQ(extract_layer(read, dest.path()).diff_id, sha256_digest(t));

  pos = 0;
  ReadFn failing = [&](const void** out) -> size_t {
    if (pos > (1 << 20)) throw Error(Errc::not_found, "the outer archive ended");
    return read(out);
  };
  TempDir dest2;
  try {
    extract_layer(failing, dest2.path());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::not_found);  // the reader's own error, not libarchive's symptom
    EXPECT_EQ(std::string(e.what()), "the outer archive ended");
  }
}

}  // namespace
}  // namespace strata::archive
