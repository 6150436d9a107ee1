#include <gtest/gtest.h>

#include <functional>

#include "archive/extract.h"
#include "archive/tar_builder_test_util.h"
#include "archive/tree_snapshot_test_util.h"
#include "common/error.h"

// Hostile layer tars: each is refused (or sanitised) and nothing outside dest changes.
namespace strata::archive {
namespace {

using namespace testing;

struct Hostile {
  std::string label;
  std::vector<TarEntry> entries;  // "@OUT@": a directory beside dest; "@BASE@": its parent
  std::string inside;             // "": must be refused; else: sanitised, dest/inside must exist
  std::function<std::string(const std::string&)> mangle = nullptr;  // applied to the tar bytes
};

void PrintTo(const Hostile& h, std::ostream* os) { *os << h.label; }

TarEntry with_xattr(TarEntry t, std::string name) {
  t.xattrs.emplace_back(std::move(name), "x");
  return t;
}

// cap_net_raw+ep, revision 2; and revision 3 bound to uid 1000 as its namespace's root.
const std::string kCapV2("\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 20);
const std::string kCapV3Rootid1000("\x01\x00\x00\x03\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                                   "\xe8\x03\x00\x00", 24);

TarEntry with_cap(TarEntry t, const std::string& value) {
  t.xattrs.emplace_back("security.capability", value);
  return t;
}

std::string long_path() {  // 17 * 251 bytes: past PATH_MAX, each component legal
  std::string p;
  for (int i = 0; i < 17; ++i) p += std::string(250, 'a' + i) + "/";
  return p + "f";
}

const std::vector<Hostile> kCases = {
    {"DotDot", {file("../x", "p")}, ""},
    {"DotDotDeeper", {file("a/../../x", "p")}, ""},
    {"DotDotResolvingInside", {file("a/../x", "p")}, ""},
    {"AbsoluteEtcPasswd", {file("/etc/passwd", "root::0:0::/:/bin/sh\n")}, "etc/passwd"},
    {"AbsoluteOutside", {file("@OUT@/pwned", "p")}, "@OUTREL@/pwned"},
    {"SymlinkToRoot", {sym("evil", "/"), file("evil@OUT@/pwned", "p")}, ""},
    {"SymlinkUpwards", {sym("evil", "../../.."), file("evil/pwned", "p")}, ""},
    {"SymlinkThenDir", {sym("evil", "@OUT@"), dir("evil/sub")}, ""},
    {"SymlinkDeeper", {dir("a"), sym("a/evil", "@OUT@"), file("a/evil/pwned", "p")}, ""},
    {"DirOverSymlink", {sym("evil", "@OUT@"), dir("evil", 0777)}, "evil"},
    {"FileOverSymlink", {sym("evil", "@OUT@/keep"), file("evil", "pwned")}, "evil"},
    {"DirReplacedAfterChildren", {dir("a"), dir("a/outside", 0777), sym("a", "@BASE@")}, "a"},
    {"HardlinkDotDot", {hlink("h", "../../../outside/keep")}, ""},
    {"HardlinkAbsolute", {hlink("h", "/etc/passwd")}, ""},
    {"HardlinkAbsoluteOutside", {hlink("h", "@OUT@/keep")}, ""},
    {"HardlinkThroughSymlink", {sym("evil", "@OUT@"), hlink("h", "evil/keep")}, ""},
    {"XattrOverlayRedirect", {with_xattr(file("f"), "trusted.overlay.redirect")}, ""},
    {"XattrOverlayOpaque", {with_xattr(dir("d"), "trusted.overlay.opaque")}, ""},
    {"CapabilityMalformed", {with_xattr(file("f"), "security.capability")}, ""},
    {"CapabilityOnSymlink", {with_cap(sym("s", "f"), kCapV2)}, ""},
    {"CapabilityOnDirectory", {with_cap(dir("d"), kCapV2)}, ""},
    {"CapabilityOfAnotherUserNamespace", {with_cap(file("f"), kCapV3Rootid1000)}, ""},
    {"CapabilityWellFormedIsKept", {with_cap(file("ping", "elf"), kCapV2)}, "ping"},
    {"WhiteoutThroughSymlink", {sym("evil", "@OUT@"), file("evil/.wh.keep")}, ""},
    {"OpaqueThroughSymlink", {sym("evil", "@OUT@"), file("evil/.wh..wh..opq")}, ""},
    {"WhiteoutOfDotDot", {dir("d"), file("d/.wh...")}, ""},
    {"PathTooLong", {file(long_path(), "p")}, ""},
    {"TruncatedGzip",
     {file("f", std::string(300000, 'z') + random_hex(50000))},
     "",
     [](const std::string& t) {
       std::string gz = compress(t, "gzip");
       return gz.substr(0, gz.size() / 2);
     }},
    {"GzipWithoutTrailer",
     {file("f", "data")},
     "",
     [](const std::string& t) {
       std::string gz = compress(t, "gzip");
       return gz.substr(0, gz.size() - 8);
     }},
    {"TruncatedTar",
     {file("f", std::string(10000, 'x'))},
     "",
     [](const std::string& t) { return t.substr(0, 3000); }},
    {"NotATar", {}, "", [](const std::string&) { return std::string(4096, 'n'); }},
};

std::string subst(std::string s, const std::filesystem::path& base) {
  for (auto [key, value] :
       {std::pair{"@OUTREL@", (base / "outside").relative_path().string()},
        std::pair{"@OUT@", (base / "outside").string()}, std::pair{"@BASE@", base.string()}})
    for (size_t i; (i = s.find(key)) != std::string::npos;) s.replace(i, std::string_view(key).size(), value);
  return s;
}

// Everything under `base` except dest, plus the host's /etc/passwd.
std::map<std::string, std::string> outside_state(const std::filesystem::path& base) {
  auto state = snapshot(base);
  std::erase_if(state, [](auto& kv) { return kv.first.starts_with("l1/l2/dest"); });
  struct stat st = lstat_of("/etc/passwd");
  state["/etc/passwd"] = std::to_string(st.st_ino) + " " + std::to_string(st.st_size) + " " +
                         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_nlink);
  return state;
}

class HostileTar : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileTar, IsRefusedOrSanitisedAndNothingOutsideChanges) {
  const Hostile& c = GetParam();
  TempDir base;
  std::filesystem::create_directories(base / "outside/sub");
  fs::write_file_atomic(base / "outside/keep", "keep", false);
  std::filesystem::create_directories(base / "l1/l2/dest");
  const auto dest = base / "l1/l2/dest";
  const auto before = outside_state(base.path());

  std::vector<TarEntry> entries = c.entries;
  for (TarEntry& e : entries)
    e.name = subst(e.name, base.path()), e.symlink = subst(e.symlink, base.path()),
    e.hardlink = subst(e.hardlink, base.path());
  std::string bytes = make_tar(entries);
  if (c.mangle) bytes = c.mangle(bytes);
  if (c.inside.empty()) {
    try {
      extract_bytes(bytes, dest);
      ADD_FAILURE() << "not refused";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_argument) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      if (!c.mangle) {  // names the entry (libarchive adds a "/" to directory names)
        EXPECT_NE(std::string(e.what()).find('"' + entries.back().name), std::string::npos) << e.what();
      }
    }
  } else {
    EXPECT_NO_THROW(extract_bytes(bytes, dest));
    EXPECT_TRUE(
        std::filesystem::exists(std::filesystem::symlink_status(dest / subst(c.inside, base.path()))));
  }
  EXPECT_EQ(outside_state(base.path()), before);
}

INSTANTIATE_TEST_SUITE_P(Extract, HostileTar, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.label; });

}  // namespace
}  // namespace strata::archive
