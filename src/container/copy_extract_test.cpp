// extract_tree against crafted hostile tars (one row per rule), and what it must keep doing.
#include "container/copy_extract.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "archive/tar_builder_test_util.h"
#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata::container::cp {

namespace t = strata::archive::testing;

class CopyExtractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = std::filesystem::temp_directory_path() / ("strata-cpx-" + random_hex(6));
    std::filesystem::create_directories(base / "root/dest");
    std::filesystem::create_directories(base / "outside");
    root.reset(::open((base / "root").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  }
  void TearDown() override { fs::remove_all(base); }
  void extract(const std::vector<t::TarEntry>& entries, ExtractOptions o = {}) {
    extract_tree(t::memfd(t::make_tar(entries)).get(), root.get(), "/dest", o);
  }
  // Nothing appeared outside the root, whatever happened.
  void expect_outside_untouched() { EXPECT_TRUE(std::filesystem::is_empty(base / "outside")); }
  std::filesystem::path base;
  UniqueFd root;
};

struct Hostile {
  const char* what;
  std::vector<t::TarEntry> entries;
  const char* error;
};

TEST_F(CopyExtractTest, HostileArchivesAreRefusedWithOneLine) {
  std::string out = (base / "outside").string();
  std::vector<Hostile> rows = {
      {"dotdot", {t::file("../../outside/x")}, "is outside of \"/dest\""},
      {"dotdot inside a name", {t::file("a/../../../outside/x")}, "is outside of \"/dest\""},
      {"hardlink out", {t::hlink("h", "../../outside/secret")}, "invalid hardlink \"/outside/secret\" -> \"h\""},
      {"symlink out", {t::sym("s", "../../../outside")}, "invalid symlink \"/dest/s\" -> \"../../../outside\""},
      {"path through planted symlink", {t::sym("s", out), t::file("s/x")}, "goes through symlink \"s\""},
      {"overlay xattr", {[] { auto f = t::file("o"); f.xattrs = {{"trusted.overlay.opaque", "y"}}; return f; }()},
       "xattr trusted.overlay.opaque is not allowed"},
      {"missing hardlink target", {t::hlink("h", "nothere")}, "not found"},
  };
  for (auto& row : rows) {
    SCOPED_TRACE(row.what);
    try {
      extract(row.entries);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(row.error), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
    expect_outside_untouched();
  }
}

TEST_F(CopyExtractTest, BombIsRefusedBeforeWriting) {
  // A sparse entry claims an exabyte: refused from its header, nothing written.
  t::TarEntry bomb = t::file("bomb");
  std::string tar = t::make_tar({bomb});
  // The ustar size field (12 bytes at 124) set to 2^60 in base-256 (how tars say sizes over 8 GiB).
  tar.replace(124, 12, std::string(12, '\0'));
  tar[124] = static_cast<char>(0x80);
  for (int i = 0; i < 8; ++i) tar[124 + 4 + i] = static_cast<char>((uint64_t(1) << 60) >> (8 * (7 - i)));
  // Fix the header checksum.
  unsigned sum = 0;
  for (int i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[i]);
  snprintf(&tar[148], 8, "%06o", sum);
  try {
    extract_tree(t::memfd(tar).get(), root.get(), "/dest", {});
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not fit"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(base / "root/dest/bomb"));
}

TEST_F(CopyExtractTest, TruncatedStreamIsRefused) {
  std::string tar = t::make_tar({t::file("big", std::string(100000, 'x'))});
  EXPECT_THROW(extract_tree(t::memfd(tar.substr(0, 2048)).get(), root.get(), "/dest", {}), Error);
}

TEST_F(CopyExtractTest, AbsoluteNamesAndRootSymlinksStayInTheRoot) {
  // "/outside/x" is sanitised to dest/outside/x (as Docker does); a symlink in the root pointing
  // at "/" or up and out is resolved inside the root.
  std::filesystem::create_directory_symlink("/", base / "root/dest/toroot");
  std::filesystem::create_directory_symlink("../../../../..", base / "root/dest/up");
  extract({t::file((base / "outside/x").string(), "a"), t::file("toroot/y", "b"), t::file("up/z", "c")});
  expect_outside_untouched();
  EXPECT_EQ(fs::read_file(base / "root/dest" / (base / "outside/x").relative_path()), "a");
  EXPECT_EQ(fs::read_file(base / "root/y"), "b");
  EXPECT_EQ(fs::read_file(base / "root/z"), "c");
}

TEST_F(CopyExtractTest, KeepsOwnershipModesLinksAndRebases) {
  auto f = t::file("top/f", "data", 04755);
  f.uid = 1234, f.gid = 5678;
  extract({t::dir("top"), f, t::sym("top/l", "/etc/passwd"), t::hlink("top/h", "top/f")},
          {.chown = true, .owner = {}, .no_overwrite_dir_non_dir = true, .rebase_from = "top", .rebase_to = "new"});
  struct stat st {};
  ASSERT_EQ(::lstat((base / "root/dest/new/f").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1234u);
  EXPECT_EQ(st.st_mode & 07777, 04755u);
  EXPECT_EQ(st.st_nlink, 2u);
  EXPECT_EQ(std::filesystem::read_symlink(base / "root/dest/new/l"), "/etc/passwd");
  // An existing directory is never replaced by a file (cp's rule).
  EXPECT_THROW(extract({t::file("new")}), Error);
  EXPECT_TRUE(std::filesystem::is_directory(base / "root/dest/new"));
}

TEST_F(CopyExtractTest, EmptyStreamIsFine) {
  EXPECT_NO_THROW(extract_tree(t::memfd("").get(), root.get(), "/dest", {}));
}

}  // namespace strata::container::cp
