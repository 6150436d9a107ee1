#include "graphdriver/changes.h"

#include <fcntl.h>

#include "common/error.h"
#include "graphdriver/change_walker.h"

namespace strata::graphdriver {

using detail::Walker;

void walk_changes(const std::filesystem::path& upper, const std::vector<std::filesystem::path>& lowers,
                  const Walker::Out& out) {
  UniqueFd up(::open(upper.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!up.valid()) {
    if (errno == ENOENT) throw Error(Errc::not_found, "no such layer directory: " + upper.string());
    throw_errno("open " + upper.string());
  }
  std::vector<UniqueFd> roots;
  Walker::Chain chain;
  bool stop = false;
  for (const auto& l : lowers) {
    UniqueFd fd(::open(l.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) throw_errno("open lower " + l.string());
    if (!stop) chain.push_back(static_cast<uint32_t>(roots.size()));
    stop = stop || detail::is_opaque(fd.get());
    roots.push_back(std::move(fd));
  }
  Walker w(out, std::move(roots));
  w.dir(up.get(), chain, detail::is_opaque(up.get()));
}

}  // namespace strata::graphdriver
