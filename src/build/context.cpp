#include "build/context.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "archive/tar_stream.h"
#include "common/error.h"
#include "common/fs.h"
#include "container/copy_fs.h"
#include "container/copy_paths.h"
#include "container/copy_tar.h"

namespace strata::build {

namespace cp = container::cp;

BuildContext::BuildContext(const std::filesystem::path& dir) : dir_(std::filesystem::absolute(dir).lexically_normal()) {
  root_.reset(::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_.valid()) throw Error(Errc::not_found, "unable to prepare context: path \"" + dir.string() + "\" not found");
  UniqueFd ign(cp::open_in(root_.get(), ".dockerignore", O_RDONLY));
  if (ign.valid()) ignore_ = IgnoreRules(fs::read_file("/proc/self/fd/" + std::to_string(ign.get())));
}

std::vector<Source> BuildContext::sources(const std::string& src) const {
  std::string clean = cp::clean(src);
  if (clean == ".." || clean.starts_with("../"))
    throw Error(Errc::invalid_argument, "forbidden path outside the build context: " + src + " ()");
  std::string rel = cp::clean("/" + clean).substr(1);
  std::vector<std::string> rels;
  bool wild = rel.find_first_of("*?[") != std::string::npos;
  if (wild) {
    rels = glob(rel);
    if (rels.empty()) throw Error(Errc::not_found, "no source files were specified");
  } else {
    rels.push_back(rel);
  }
  std::vector<Source> out;
  for (auto& r : rels) {
    UniqueFd fd(cp::open_in(root_.get(), r, O_PATH));
    std::string resolved = fd.valid() ? cp::path_in_root(dir_.string(), fd.get()) : "";
    if (!resolved.empty()) resolved = resolved.substr(1);
    if (!fd.valid() || (!r.empty() && ignore_.excluded(r)) || (!resolved.empty() && ignore_.excluded(resolved)))
      throw Error(Errc::not_found, "file not found in build context or excluded by .dockerignore: stat " + src +
                                       ": file does not exist");
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw_errno("stat " + src);
    out.push_back({resolved, S_ISDIR(st.st_mode), cp::base(r.empty() ? "." : r)});
  }
  return out;
}

std::vector<std::string> BuildContext::glob(const std::string& pattern) const {
  std::vector<std::string> found;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    std::string rel = it->path().lexically_relative(dir_).string();
    if (::fnmatch(pattern.c_str(), rel.c_str(), FNM_PATHNAME) == 0 && !ignore_.excluded(rel)) {
      found.push_back(rel);
      if (it->is_directory()) it.disable_recursion_pending();
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

void BuildContext::write(archive::TarStream& out, const Source& s, const std::string& tar_name) const {
  UniqueFd parent = cp::open_dir_in(root_.get(), s.rel.empty() ? "/" : cp::dir("/" + s.rel));
  if (!parent.valid()) throw_errno("open " + s.rel);
  cp::TreeTarOptions o;
  if (!ignore_.empty())
    o.filter = [&](const std::string& below, bool is_dir) {
      std::string rel = s.rel.empty() ? below : s.rel + "/" + below;
      if (!ignore_.excluded(rel)) return cp::Verdict::include;
      return is_dir && ignore_.has_exceptions() ? cp::Verdict::skip_but_descend : cp::Verdict::skip;
    };
  cp::write_tree(out, parent.get(), s.rel.empty() ? "." : cp::base(s.rel), tar_name, o);
}

std::string BuildContext::hash(const std::vector<Source>& sources) const {
  UniqueFd null(::open("/dev/null", O_WRONLY | O_CLOEXEC));
  archive::TarStream out(null.get());
  for (auto& s : sources) {
    UniqueFd parent = cp::open_dir_in(root_.get(), s.rel.empty() ? "/" : cp::dir("/" + s.rel));
    cp::TreeTarOptions o;
    o.for_hash = true;
    o.filter = [&](const std::string& below, bool) {
      return ignore_.excluded(s.rel.empty() ? below : s.rel + "/" + below) ? cp::Verdict::skip : cp::Verdict::include;
    };
    cp::write_tree(out, parent.get(), s.rel.empty() ? "." : cp::base(s.rel), s.rel.empty() ? "." : s.rel, o);
  }
  return out.close().digest;
}

UniqueFd BuildContext::open(const Source& s) const {
  UniqueFd fd(cp::open_in(root_.get(), s.rel, O_RDONLY));
  if (!fd.valid()) throw_errno("open " + s.rel);
  return fd;
}

}  // namespace strata::build
