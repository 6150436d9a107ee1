// The diff walk's state machine (internal to graphdriver): see changes.h for the rules.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/fd.h"
#include "graphdriver/dir_reader.h"

namespace strata::graphdriver::detail {

class Walker {
 public:
  using Out = std::function<void(char, std::string_view)>;
  using Chain = std::vector<uint32_t>;  // indices of the lowers whose copies of a dir make the image's view

  // `roots`: the lower layers' diff dirs, uppermost first.
  Walker(const Out& out, std::vector<UniqueFd> roots) : out_(out), roots_(std::move(roots)) {}
  // Walks the upper dir `fd` at path_ (the root at first), comparing it with the lowers in `chain`.
  // `hidden`: the container does not see the lowers here (an opaque dir at or above).
  void dir(int fd, const Chain& chain, bool hidden);

 private:
  void entry(int fd, const DirListing& entries, size_t i, const Chain& chain, std::vector<LowerDir>& lowers,
             bool hidden);
  // The lowers whose copy of dir `name` the image merges (from the topmost holder, index k).
  Chain child_chain(const Chain& chain, std::vector<LowerDir>& lowers, size_t k, const char* name);
  // Sorted names the image has in this dir and the (hiding) upper dir lacks.
  std::vector<std::string> hidden_names(int fd, const DirListing& entries, std::vector<LowerDir>& lowers);
  void added(int fd);  // a subtree the image lacks: every entry is 'A'

  size_t push(std::string_view name) {  // enters a child of path_; returns the length to restore
    size_t len = path_.size();
    path_ += '/';
    path_ += name;
    return len;
  }
  // Reports path_, after the unchanged ancestors that now turn out to have changes below them.
  void emit(char kind) {
    for (size_t len : pending_) out_('C', std::string_view(path_).substr(0, len));
    pending_.clear();
    out_(kind, path_);
  }

  const Out& out_;
  std::vector<UniqueFd> roots_;
  std::string path_;             // the current path, "" for the root
  std::vector<size_t> pending_;  // lengths of ancestors present below, unchanged, not yet reported
};

}  // namespace strata::graphdriver::detail
