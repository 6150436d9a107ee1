#include "container/copy_tar.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <vector>

#include "archive/disk_entry.h"
#include "archive/tar_stream.h"
#include "common/error.h"
#include "common/fd.h"

namespace strata::container::cp {

namespace {

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

class TreeWriter {
 public:
  TreeWriter(archive::TarStream& out, const TreeTarOptions& o) : out_(out), o_(o), disk_(archive::new_disk_reader()) {}

  // `rel` is the path below the start ("" for the start), `tar_name` its name in the archive.
  void add(int parent_fd, const std::string& name, const std::string& rel, const std::string& tar_name) {
    struct stat st {};
    if (::fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT && !rel.empty()) return;  // vanished meanwhile
      if (errno == ENOENT) throw Error(Errc::not_found, "no such file or directory: " + tar_name);
      throw_errno("lstat " + tar_name);
    }
    if (S_ISSOCK(st.st_mode)) return;
    Verdict v = Verdict::include;
    if (!rel.empty() && o_.filter) v = o_.filter(rel, S_ISDIR(st.st_mode));
    if (v == Verdict::skip || (v == Verdict::skip_but_descend && !S_ISDIR(st.st_mode))) return;
    UniqueFd fd;
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
      fd.reset(::openat(parent_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
      if (!fd.valid()) throw_errno("open " + tar_name);
      if (::fstat(fd.get(), &st) != 0) throw_errno("stat " + tar_name);
    }
    if (v == Verdict::include) entry(fd.get(), parent_fd, name, tar_name, st);
    if (!S_ISDIR(st.st_mode)) return;
    for (const std::string& child : sorted_names(fd.get()))
      add(fd.get(), child, rel.empty() ? child : rel + "/" + child, tar_name + "/" + child);
  }

 private:
  void entry(int fd, int parent_fd, const std::string& name, const std::string& tar_name, struct stat st) {
    if (o_.for_hash) st.st_mtim = {}, st.st_uid = 0, st.st_gid = 0;
    bool opaque = false;
    std::string abs = "/proc/self/fd/" + std::to_string(parent_fd) + "/" + name;
    archive::EntryPtr e = archive::disk_entry(disk_.get(), fd, abs, tar_name, st, opaque);
    if (o_.for_hash) archive_entry_set_uid(e.get(), 0), archive_entry_set_gid(e.get(), 0);
    bool data = S_ISREG(st.st_mode) && st.st_size > 0;
    if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
      auto [first, inserted] = links_.try_emplace({st.st_dev, st.st_ino}, tar_name);
      if (!inserted) {
        archive_entry_copy_hardlink(e.get(), first->second.c_str());
        archive_entry_set_size(e.get(), 0);
        data = false;
      }
    }
    out_.header(e.get());
    if (data) copy_data(fd, tar_name, static_cast<uint64_t>(st.st_size));
  }

  void copy_data(int fd, const std::string& tar_name, uint64_t size) {
    while (size > 0) {
      ssize_t n = ::read(fd, buf_.data(), std::min<uint64_t>(buf_.size(), size));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno("read " + tar_name);
      if (n == 0) break;  // shrank meanwhile: libarchive pads with zeros
      out_.data(buf_.data(), static_cast<size_t>(n));
      size -= static_cast<uint64_t>(n);
    }
  }

  archive::TarStream& out_;
  const TreeTarOptions& o_;
  archive::ReadPtr disk_;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;
  std::vector<char> buf_ = std::vector<char>(1 << 20);
};

}  // namespace

void write_tree(archive::TarStream& out, int parent_fd, const std::string& name, const std::string& tar_name,
                const TreeTarOptions& o) {
  archive::Utf8Locale utf8;
  TreeWriter(out, o).add(parent_fd, name, "", tar_name);
}

}  // namespace strata::container::cp
