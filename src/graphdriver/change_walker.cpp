// Walker: one upper dir and its entries, compared with the image's view of them.
#include "graphdriver/change_walker.h"

#include <dirent.h>

namespace strata::graphdriver::detail {

namespace {
constexpr size_t kMapThreshold = 64;  // from this many upper entries, read each lower dir once
}  // namespace

void Walker::dir(int fd, const Chain& chain, bool hidden) {
  DirListing entries(fd, path_.empty() ? "/" : path_);
  std::string rel = path_.empty() ? "." : path_.substr(1);
  std::vector<LowerDir> lowers;
  for (uint32_t k : chain) lowers.emplace_back(roots_[k].get(), rel, hidden || entries.size() >= kMapThreshold);
  std::vector<std::string> gone;
  if (hidden && !lowers.empty()) gone = hidden_names(fd, entries, lowers);
  for (size_t i = 0, j = 0; i < entries.size() || j < gone.size();) {
    if (j < gone.size() && (i == entries.size() || gone[j] < entries.name(i))) {
      size_t len = push(gone[j++]);
      emit('D');
      path_.resize(len);
    } else {
      entry(fd, entries, i++, chain, lowers, hidden);
    }
  }
}

void Walker::entry(int fd, const DirListing& entries, size_t i, const Chain& chain, std::vector<LowerDir>& lowers,
           bool hidden) {
  const char* name = entries.c_name(i);
  struct stat ust {}, ist {};
  bool have_ust = false, udir = entries.type(i) == DT_DIR;
  if (entries.type(i) == DT_CHR || entries.type(i) == DT_UNKNOWN) {
    if (!stat_at(fd, name, &ust)) return;  // gone meanwhile
    have_ust = true;
    udir = S_ISDIR(ust.st_mode);
  }
  bool whiteout = have_ust && is_whiteout(ust);
  if (whiteout && hidden) return;  // the image's entries here are reported by hidden_names()
  size_t k = lowers.size();  // the topmost lower holding the name; lowers.size(): the image lacks it
  for (size_t x = 0; x < lowers.size(); ++x) {
    auto hit = lowers[x].find(entries.name(i), whiteout ? nullptr : &ist);
    if (hit == LowerDir::absent) continue;
    if (hit == LowerDir::present) k = x;
    break;  // a whiteout hides the layers below
  }
  size_t len = push(entries.name(i));
  if (whiteout) {
    if (k < lowers.size()) emit('D');
  } else if (k == lowers.size()) {
    emit('A');
    if (udir) added(open_dir(fd, name).get());
  } else if (have_ust || stat_at(fd, name, &ust)) {
    bool changed = stat_different(ist, ust) ||
                   capability(lowers[k].root(), lowers[k].child(name)) != capability(fd, name);
    if (changed) emit('C');
    if (udir) {
      UniqueFd cfd = open_dir(fd, name);
      Chain below;
      bool child_hidden = hidden;
      if (S_ISDIR(ist.st_mode)) {
        below = child_chain(chain, lowers, k, name);
        child_hidden = hidden || is_opaque(cfd.get());
      }
      if (!changed) pending_.push_back(path_.size());
      dir(cfd.get(), below, child_hidden);
      if (!pending_.empty() && pending_.back() == path_.size()) pending_.pop_back();
    }
  }
  path_.resize(len);
}

}  // namespace strata::graphdriver::detail
