// Walker: the lower-layer side of the walk, and added subtrees.
#include "graphdriver/change_walker.h"

#include <dirent.h>

#include <algorithm>
#include <unordered_set>

namespace strata::graphdriver::detail {

// From the topmost holder (k), each lower dir below until a whiteout or non-dir (excluded) or an
// opaque dir (included).
Walker::Chain Walker::child_chain(const Chain& chain, std::vector<LowerDir>& lowers, size_t k, const char* name) {
  Chain out;
  for (size_t x = k; x < lowers.size(); ++x) {
    struct stat st {};
    auto hit = lowers[x].find(name, &st);
    if (hit == LowerDir::absent) continue;
    if (hit == LowerDir::whiteout || !S_ISDIR(st.st_mode)) break;
    out.push_back(chain[x]);
    if (chain[x] + 1 < roots_.size() && is_opaque(open_dir(lowers[x].root(), lowers[x].child(name).c_str()).get()))
      break;
  }
  return out;
}

std::vector<std::string> Walker::hidden_names(int fd, const DirListing& entries, std::vector<LowerDir>& lowers) {
  std::unordered_set<std::string_view> upper;
  for (size_t i = 0; i < entries.size(); ++i) {
    struct stat st {};
    if (entries.type(i) == DT_CHR && stat_at(fd, entries.c_name(i), &st) && is_whiteout(st)) continue;
    upper.insert(entries.name(i));
  }
  std::unordered_set<std::string_view> seen;
  std::vector<std::string> out;
  for (auto& l : lowers) {
    for (auto& [name, type] : l.names()) {
      if (!seen.insert(name).second || upper.count(name)) continue;
      if ((type == DT_CHR || type == DT_UNKNOWN) && l.find(name, nullptr) == LowerDir::whiteout) continue;
      out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Walker::added(int fd) {
  DirListing entries(fd, path_);
  for (size_t i = 0; i < entries.size(); ++i) {
    bool d = entries.type(i) == DT_DIR;
    if (entries.type(i) == DT_CHR || entries.type(i) == DT_UNKNOWN) {
      struct stat st {};
      if (!stat_at(fd, entries.c_name(i), &st) || is_whiteout(st)) continue;
      d = S_ISDIR(st.st_mode);
    }
    size_t len = push(entries.name(i));
    emit('A');
    if (d) added(open_dir(fd, entries.c_name(i)).get());
    path_.resize(len);
  }
}

}  // namespace strata::graphdriver::detail
