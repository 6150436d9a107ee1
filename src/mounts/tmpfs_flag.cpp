// --tmpfs /path[:options] and --volumes-from CONTAINER[:mode], and go-units' RAMInBytes.
#include <cmath>
#include <regex>

#include "common/error.h"
#include "mounts/parse.h"
#include "mounts/rules.h"

namespace strata::mounts {

Request parse_tmpfs(const std::string& raw) {
  Request r;
  r.type = Type::tmpfs;
  r.raw = raw;
  auto colon = raw.find(':');
  std::string dest = raw.substr(0, colon);
  r.tmpfs_data = colon == std::string::npos ? "" : raw.substr(colon + 1);
  // The daemon checks the destination unwrapped, then the options.
  if (clean_path(dest) == "/" && !dest.empty())
    throw Error(Errc::invalid_argument, "invalid specification: destination can't be '/'");
  if (auto e = absolute_error(dest); !e.empty()) throw Error(Errc::invalid_argument, e);
  auto parsed = parse_mount_options(r.tmpfs_data);
  for (auto& o : split(parsed.data, ',')) {
    if (o.empty()) continue;
    auto kv = o.find('=');
    if (!valid_tmpfs_data_key(o.substr(0, kv))) merge_tmpfs_options({o});  // throws Docker's text
  }
  r.destination = clean_path(dest);
  return r;
}

VolumesFrom parse_volumes_from(const std::string& raw) {
  if (raw.empty()) throw Error(Errc::invalid_argument, "volumes-from specification cannot be an empty string");
  VolumesFrom v;
  auto colon = raw.find(':');
  v.container = raw.substr(0, colon);
  if (colon != std::string::npos) {
    std::string mode = raw.substr(colon + 1);
    if (!valid_mode(mode) || !mode_propagation(mode).empty() || mode_copy_data(mode))
      throw Error(Errc::invalid_argument, "invalid mode: " + mode);
    v.rw = mode_read_write(mode);
  }
  return v;
}

std::optional<int64_t> ram_in_bytes(const std::string& s) {
  static const std::regex re(R"(^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$)");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return std::nullopt;
  double size = std::stod(m[1].str());
  std::string unit = m[3].str();
  int shift = 0;
  if (!unit.empty()) shift = 10 * (1 + static_cast<int>(std::string("kmgtp").find(static_cast<char>(std::tolower(unit[0])))));
  return static_cast<int64_t>(size * std::ldexp(1.0, shift));
}

}  // namespace strata::mounts
