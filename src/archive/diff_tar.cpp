#include "archive/diff_tar.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "archive/disk_entry.h"
#include "archive/tar_stream.h"
#include "archive/tree_copy.h"
#include "archive/whiteout.h"
#include "common/error.h"
#include "common/fd.h"
#include "common/page_cache.h"
#include "common/read_ahead.h"

namespace strata::archive {

namespace {

// Byte-wise sorted, like Go's filepath.Walk that Docker's tars come from.
std::vector<std::string> sorted_names(int dir_fd) {
  DIR* d = ::fdopendir(::dup(dir_fd));
  if (!d) throw_errno("opendir");
  std::vector<std::string> names;
  while (dirent* de = ::readdir(d)) {
    std::string_view n = de->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

class TarWriter {
 public:
  TarWriter(const std::filesystem::path& dir, int fd, const TarOptions& o)
      : root_(std::filesystem::absolute(dir).string()),
        whiteouts_(o.overlay_whiteouts),
        out_(o.out ? TarStream(o.out, o.digest) : TarStream(fd, o.digest)),
        disk_(new_disk_reader()) {
    if (!o.copy_to.empty()) copy_ = std::make_unique<TreeCopy>(o.copy_to);
  }

  // Writes the children of directory `dir_fd` (named `prefix`, "" or "a/b/"), depth first.
  void walk(int dir_fd, const std::string& prefix) {
    for (const std::string& name : sorted_names(dir_fd)) {
      const std::string rel = prefix + name;
      struct stat st {};
      if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // vanished meanwhile
        throw_errno("stat " + root_ + "/" + rel);
      }
      if (S_ISSOCK(st.st_mode)) continue;  // a tar cannot hold sockets (Docker skips them too)
      UniqueFd fd;
      if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
        fd.reset(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd.valid()) throw_errno("open " + root_ + "/" + rel);
      }
      add(fd.get(), prefix, name, st);
      if (!S_ISDIR(st.st_mode)) continue;
      if (copy_) copy_->enter(name);
      walk(fd.get(), rel + "/");
      if (copy_) copy_->leave();
    }
  }

  TarResult finish() {
    TarResult r = out_.close();
    r.content_size = content_;
    return r;
  }

 private:
  void add(int fd, const std::string& prefix, const std::string& name, const struct stat& st) {
    const std::string rel = prefix + name;
    bool opaque = false;
    EntryPtr e = disk_entry(disk_.get(), fd, root_ + "/" + rel, rel, st, opaque);
    if (whiteouts_ && S_ISCHR(st.st_mode) && st.st_rdev == 0) {
      out_.header(marker_entry(prefix + std::string(kWhiteoutPrefix) + name, st).get());
      if (copy_) copy_->add(name, st, e.get(), false);
      return;
    }
    bool data = S_ISREG(st.st_mode) && st.st_size > 0;
    if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
      auto [first, inserted] = links_.try_emplace({st.st_dev, st.st_ino}, rel);
      if (!inserted) {
        archive_entry_copy_hardlink(e.get(), first->second.c_str());
        archive_entry_set_size(e.get(), 0);
        out_.header(e.get());
        if (copy_) copy_->link(first->second, name);
        return;
      }
    }
    out_.header(e.get());
    if (copy_) copy_->add(name, st, e.get(), opaque);
    if (data) copy_data(fd, rel, static_cast<uint64_t>(st.st_size));
    if (data || S_ISLNK(st.st_mode)) content_ += static_cast<uint64_t>(st.st_size);  // as Docker's DiffSize
    if (copy_ && S_ISREG(st.st_mode)) copy_->end_file();
    if (whiteouts_ && opaque && S_ISDIR(st.st_mode))
      out_.header(marker_entry(rel + "/" + std::string(kOpaqueMarker), st).get());
  }

  // Exactly `size` bytes: a file that shrank meanwhile is padded with zeros by libarchive.
  void copy_data(int fd, const std::string& rel, uint64_t size) {
    // A large file mostly not in the page cache (commit writes layers' large files with O_DIRECT)
    // is read around it too, a chunk ahead (common/read_ahead.h): on this kind of VM filling page
    // cache the guest has not touched lately is slower than the disk.
    if (size >= kDirectIoMin && !mostly_cached(fd, size) && use_direct(fd)) {
      if (!ahead_) ahead_ = std::make_unique<ReadAhead>();
      ahead_->start(fd, size);
      ssize_t n;
      while (size > 0) {
        const char* p = ahead_->next(n);
        if (n < 0) throw_errno("read " + root_ + "/" + rel, static_cast<int>(-n));
        if (n == 0) break;
        size_t use = static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(n), size));  // a file that grew
        emit(p, use);
        size -= use;
      }
      return;
    }
    while (size > 0) {
      ssize_t n = ::read(fd, buf_.data(), std::min<uint64_t>(buf_.size(), size));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno("read " + root_ + "/" + rel);
      if (n == 0) break;
      emit(buf_.data(), static_cast<size_t>(n));
      size -= static_cast<uint64_t>(n);
    }
  }

  void emit(const char* p, size_t n) {
    out_.data(p, n);
    if (copy_) copy_->data(p, n);
  }

  static bool use_direct(int fd) {
    int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_DIRECT) == 0;  // not on e.g. tmpfs
  }

  std::unique_ptr<ReadAhead> ahead_;

  std::string root_;
  bool whiteouts_;
  TarStream out_;
  std::unique_ptr<TreeCopy> copy_;
  uint64_t content_ = 0;
  ReadPtr disk_;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;  // first name of each multiply-linked inode
  std::vector<char> buf_ = std::vector<char>(1 << 20);
};

}  // namespace

TarResult write_tar(const std::filesystem::path& dir, int fd, bool overlay_whiteouts) {
  TarOptions o;
  o.overlay_whiteouts = overlay_whiteouts;
  return write_tar(dir, fd, o);
}

TarResult write_tar(const std::filesystem::path& dir, int fd, const TarOptions& opts) {
  Utf8Locale utf8;  // names go into pax records as UTF-8, not as "hdrcharset=BINARY"
  UniqueFd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open " + dir.string());
  TarWriter writer(dir, fd, opts);
  writer.walk(root.get(), "");
  return writer.finish();
}

}  // namespace strata::archive
