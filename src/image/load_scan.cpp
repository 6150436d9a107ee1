#include "image/load_scan.h"

#include <fcntl.h>

#include <vector>

#include "archive/la_util.h"
#include "common/error.h"
#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"
#include "graphdriver/overlay2.h"
#include "image/layer_tar.h"

namespace strata::image {

namespace {
constexpr size_t kMaxDoc = kMaxDocumentSize;
constexpr uint64_t kMaxDocs = 64 << 20;    // all documents of one archive together
constexpr size_t kMaxEntries = 1 << 20;

[[noreturn]] void bad(const std::string& why) { throw Error(Errc::invalid_argument, "invalid archive: " + why); }

// What a layer starts with: a compressed stream, a tar header, or an empty tar's zero block.
bool looks_like_layer(const std::string& h) {
  auto starts = [&](const char* magic, size_t n) { return h.size() >= n && h.compare(0, n, magic, n) == 0; };
  if (starts("\x1f\x8b", 2) || starts("\x28\xb5\x2f\xfd", 4) || starts("\xfd" "7zXZ\0", 6) || starts("BZh", 3)) return true;
  if (h.size() >= 262 && h.compare(257, 5, "ustar") == 0) return true;
  return h.size() >= 512 && h.find_first_not_of('\0') >= 512;
}
}  // namespace

std::string clean_archive_path(const std::string& path, const char* what) {
  std::string out;
  for (size_t i = 0; i <= path.size();) {
    size_t j = std::min(path.find('/', i), path.size());
    std::string part = path.substr(i, j - i);
    if (part == "..") throw Error(Errc::invalid_argument, std::string(what) + " \"" + path + "\" is outside the archive");
    if (!part.empty() && part != ".") out += (out.empty() ? "" : "/") + part;
    i = j + 1;
  }
  return out;
}

LoadScan::LoadScan(graphdriver::Overlay2& driver, int fd) : driver_(driver) {
  try {
    scan(fd);
  } catch (...) {  // a destructor does not run for a constructor that throws
    remove_dirs();
    throw;
  }
}

void LoadScan::scan(int fd) {
  archive::Utf8Locale utf8;
  archive::ReadPtr a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_fd(a.get(), fd, 1 << 20) != ARCHIVE_OK) bad(archive::la_error(a.get()));
  archive_entry* e;
  size_t count = 0;
  for (;;) {
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN || r == ARCHIVE_RETRY) bad(archive::la_error(a.get(), "not a tar archive"));
    if (++count > kMaxEntries) bad("more than " + std::to_string(kMaxEntries) + " entries");
    const char* raw = archive_entry_pathname(e);
    std::string name = clean_archive_path(raw ? raw : "", "invalid archive: entry");
    if (name.empty()) continue;
    if (archive_entry_hardlink(e)) {
      links_[name] = "/" + clean_archive_path(archive_entry_hardlink(e), "invalid archive: hardlink target");
    } else if (archive_entry_filetype(e) == AE_IFLNK) {
      links_[name] = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
    } else if (archive_entry_filetype(e) == AE_IFREG) {
      read_entry(a.get(), e, name);
    }
  }
  if (count == 0) bad("empty or not a tar archive");
}

void LoadScan::read_entry(::archive* a, archive_entry* e, const std::string& name) {
  ScannedBlob b;
  b.name = name;
  std::string head;  // the first bytes, enough to tell a layer from a document
  const void* buf;
  size_t len;
  la_int64_t off;
  bool end = false;
  while (head.size() < 512) {
    int r = archive_read_data_block(a, &buf, &len, &off);
    if (r == ARCHIVE_EOF) { end = true; break; }
    if (r < ARCHIVE_WARN) bad("entry \"" + name + "\": " + archive::la_error(a));
    head.append(static_cast<const char*>(buf), len);
  }
  if (looks_like_layer(head)) {
    b.dir = driver_.new_layer_dir();
    bool first = true;
    archive::ReadFn read = [&](const void** out) -> size_t {
      if (first) {
        first = false;
        *out = head.data();
        return head.size();
      }
      if (end) return 0;
      int r = archive_read_data_block(a, out, &len, &off);
      if (r == ARCHIVE_EOF) return end = true, 0;
      if (r < ARCHIVE_WARN) bad("entry \"" + name + "\": " + archive::la_error(a));
      return len;
    };
    try {
      UniqueFd kept(::open(layer_tar_path(b.dir / "diff").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
      if (!kept.valid()) throw_errno("create " + layer_tar_path(b.dir / "diff").string());
      archive::ExtractOptions o;
      o.tee_fd = kept.get();
      o.max_tar_size = layer_space(b.dir) / 2;
      b.layer = archive::extract_layer(read, b.dir / "diff", o);
      b.digest = b.layer.raw_digest;
      b.size = b.layer.raw_size;
    } catch (const Error& err) {
      fs::remove_all(b.dir);
      b.dir.clear();
      if (err.code() != Errc::invalid_argument) throw;
      b.error = err.what();
      while (!end && archive_read_data_block(a, &buf, &len, &off) == ARCHIVE_OK) {}  // the rest, for its digest
    }
  } else {
    Sha256 hash;
    hash.update(head);
    b.size = head.size();
    b.is_doc = head.size() <= kMaxDoc;
    if (b.is_doc) b.bytes = head;
    while (!end) {
      int r = archive_read_data_block(a, &buf, &len, &off);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) bad("entry \"" + name + "\": " + archive::la_error(a));
      hash.update(buf, len);
      b.size += len;
      if (b.is_doc && b.size > kMaxDoc) b.is_doc = false, b.bytes.clear(), b.bytes.shrink_to_fit();
      if (b.is_doc) b.bytes.append(static_cast<const char*>(buf), len);
    }
    b.digest = hash.digest();
    if (b.is_doc && (doc_bytes_ += b.bytes.size()) > kMaxDocs) bad("more than 64 MiB of metadata");
  }
  auto it = blobs_.find(name);
  if (it != blobs_.end() && !it->second.dir.empty()) fs::remove_all(it->second.dir);  // a later entry wins
  links_.erase(name);
  blobs_[name] = std::move(b);
}

LoadScan::~LoadScan() { remove_dirs(); }

void LoadScan::remove_dirs() noexcept {
  for (auto& [name, b] : blobs_)
    if (!b.dir.empty()) {
      try {
        fs::remove_all(b.dir);
      } catch (...) {  // left for recovery
      }
    }
}

namespace {
std::vector<std::string> split(const std::string& p) {
  std::vector<std::string> out;
  for (size_t i = 0; i <= p.size();) {
    size_t j = std::min(p.find('/', i), p.size());
    if (j > i) out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// Lexically resolved ("a/./b/../c" -> "a/c"); nullopt if it climbs above the archive's root.
std::optional<std::string> resolve_within(const std::string& p) {
  std::vector<std::string> out;
  for (auto& c : split(p)) {
    if (c == ".") continue;
    if (c != "..") out.push_back(c);
    else if (out.empty()) return std::nullopt;
    else out.pop_back();
  }
  std::string s;
  for (auto& c : out) s += (s.empty() ? "" : "/") + c;
  return s;
}
}  // namespace

ScannedBlob* LoadScan::find(const std::string& path) {
  if (!path.empty() && path[0] == '/')
    throw Error(Errc::invalid_argument, "invalid manifest: path \"" + path + "\" is outside the archive");
  std::string p = clean_archive_path(path, "invalid manifest: path");
  for (int hops = 0; hops < 64; ++hops) {
    auto it = blobs_.find(p);
    if (it != blobs_.end()) return &it->second;
    // Replace the first component that is a link by its target, then look again.
    auto comps = split(p);
    bool replaced = false;
    std::string prefix, dir;
    for (size_t i = 0; i < comps.size() && !replaced; ++i) {
      dir = prefix;
      prefix += (i ? "/" : "") + comps[i];
      auto link = links_.find(prefix);
      if (link == links_.end()) continue;
      std::string target = !link->second.empty() && link->second[0] == '/' ? link->second : dir + "/" + link->second;
      for (size_t k = i + 1; k < comps.size(); ++k) target += "/" + comps[k];
      auto resolved = resolve_within(target);
      if (!resolved)
        throw Error(Errc::invalid_argument, "invalid archive: link \"" + link->first + "\" -> \"" + link->second +
                                                "\" leads outside the archive");
      p = *resolved;
      replaced = true;
    }
    if (!replaced) return nullptr;
  }
  throw Error(Errc::invalid_argument, "invalid archive: too many levels of links resolving \"" + path + "\"");
}

}  // namespace strata::image
