#include "container/copy_paths.h"

#include <vector>

#include "common/error.h"

namespace strata::container::cp {

std::string clean(const std::string& path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!rooted) parts.push_back(part);
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out.empty() ? "." : out;
}

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b.empty() ? "" : clean(b);
  if (b.empty()) return clean(a);
  return clean(a + "/" + b);
}

std::string base(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p.empty()) return ".";
  if (p == "/") return "/";
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string dir(const std::string& path) {
  size_t slash = path.rfind('/');
  return clean(slash == std::string::npos ? "" : path.substr(0, slash + 1));
}

bool specifies_current_dir(const std::string& path) { return base(path) == "."; }

bool asserts_directory(const std::string& path) {
  return (!path.empty() && path.back() == '/') || specifies_current_dir(path);
}

std::string preserve_trailing(const std::string& cleaned, const std::string& original) {
  std::string out = cleaned;
  if (specifies_current_dir(original) && !specifies_current_dir(out)) {
    if (out.empty() || out.back() != '/') out += '/';
    out += '.';
  }
  if (!original.empty() && original.back() == '/' && (out.empty() || out.back() != '/')) out += '/';
  return out;
}

std::pair<std::string, std::string> split_dir_entry(const std::string& path) {
  std::string cleaned = clean(path);
  if (specifies_current_dir(path)) cleaned += "/.";
  return {dir(cleaned), base(cleaned)};
}

CopyPlan prepare_archive_copy(const CopyInfo& src, const CopyInfo& dst) {
  auto [dst_dir, dst_base] = split_dir_entry(dst.path);
  if (dst.exists && dst.is_dir) {
    // Extract into the directory; only a followed link's name changes.
    if (!src.rebase_name.empty()) return {dst.path, split_dir_entry(src.path).second, src.rebase_name};
    return {dst.path, "", ""};
  }
  if (dst.exists && src.is_dir) throw Error(Errc::invalid_argument, "cannot copy directory");
  if (!dst.exists && !src.is_dir && asserts_directory(dst.path))
    throw Error(Errc::invalid_argument, "no such directory");
  // Extract into the parent, the top entry taking the destination's name.
  return {dst_dir, split_dir_entry(src.path).second, dst_base};
}

std::string rebase(const std::string& name, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return name;
  if (name == from) return to;
  if (name.size() > from.size() && name.compare(0, from.size(), from) == 0 && name[from.size()] == '/')
    return to + name.substr(from.size());
  return name;
}

}  // namespace strata::container::cp
