#include "image/reference.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "common/error.h"

namespace strata::image {

namespace {
// From the distribution reference grammar that Docker uses.
const std::regex kComponent("[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*");
const std::regex kDomain(
    "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
    "(?::[0-9]+)?");
const std::regex kTag("[\\w][\\w.-]{0,127}");

[[noreturn]] void bad(const std::string& why = "") {
  throw Error(Errc::invalid_argument, why.empty() ? "invalid reference format" : "invalid reference format: " + why);
}
}  // namespace

Reference parse_reference(std::string_view s) {
  std::string in(s);
  if (in.empty()) bad();
  if (in.find('@') != std::string::npos) bad("digest references are not supported");
  Reference ref;
  // A tag is after the last ':' that comes after the last '/'.
  size_t slash = in.rfind('/');
  size_t colon = in.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    ref.tag = in.substr(colon + 1);
    in.resize(colon);
    if (!std::regex_match(ref.tag, kTag)) bad();
  } else {
    ref.tag = "latest";
  }
  if (in.empty() || in.size() > 255) bad();
  std::string path = in;
  size_t first = in.find('/');
  if (first != std::string::npos) {
    std::string head = in.substr(0, first);
    bool is_domain = head.find_first_of(".:") != std::string::npos || head == "localhost" ||
                     std::any_of(head.begin(), head.end(), [](unsigned char c) { return std::isupper(c); });
    if (is_domain) {
      if (!std::regex_match(head, kDomain)) bad();
      path = in.substr(first + 1);
    }
  }
  size_t start = 0;
  while (true) {
    size_t end = path.find('/', start);
    std::string comp = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!std::regex_match(comp, kComponent)) {
      for (char c : comp)
        if (std::isupper(static_cast<unsigned char>(c))) bad("repository name must be lowercase");
      bad();
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  ref.repository = in;
  return ref;
}

bool looks_like_id(std::string_view s) {
  if (s.rfind("sha256:", 0) == 0) s.remove_prefix(7);
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace strata::image
