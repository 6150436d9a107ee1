// container prune: every container that is not running (created or exited), filtered by
// `until` (a Go duration before now, a Unix time or an RFC 3339 time) and `label`/`label!`
// as Docker's daemon does. Each one is removed as `rm` removes it; named volumes stay.
#include <regex>

#include "common/error.h"
#include "container/service.h"
#include "format/human.h"

namespace strata::container {

namespace {
using Clock = std::chrono::system_clock;

Clock::time_point parse_until(const std::string& v) {
  static const std::regex duration(R"(^(\d+(\.\d+)?(h|m|s|ms))+$)"), unix_time(R"(^\d+(\.\d+)?$)");
  if (std::regex_match(v, duration)) {
    double seconds = 0;
    static const std::regex part(R"((\d+(?:\.\d+)?)(h|ms|m|s))");
    for (std::sregex_iterator it(v.begin(), v.end(), part), end; it != end; ++it) {
      double n = std::stod((*it)[1]);
      std::string unit = (*it)[2];
      seconds += unit == "h" ? n * 3600 : unit == "m" ? n * 60 : unit == "s" ? n : n / 1000;
    }
    return Clock::now() - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }
  if (std::regex_match(v, unix_time))
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::stod(v))));
  try {
    return format::parse_rfc3339(v);
  } catch (...) {
    throw Error(Errc::invalid_argument, "failed to parse value as time or duration: \"" + v + "\"");
  }
}

bool has_label(const Container& c, const std::string& want) {
  const auto& labels = c.config["Labels"];
  size_t eq = want.find('=');
  if (!labels.is_object() || !labels.contains(want.substr(0, eq))) return false;
  return eq == std::string::npos || labels[want.substr(0, eq)].get<std::string>() == want.substr(eq + 1);
}
}  // namespace

ContainerService::Pruned ContainerService::prune(const std::vector<std::string>& filters) {
  std::optional<Clock::time_point> until;
  std::vector<std::string> with, without;
  for (auto& kv : filters) {
    size_t eq = kv.find('=');
    std::string key = kv.substr(0, eq), value = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (eq == std::string::npos) throw Error(Errc::invalid_argument, "bad format of filter (expected name=value)");
    if (key == "until") until = parse_until(value);
    else if (key == "label") with.push_back(value);
    else if (key == "label!") without.push_back(value);
    else throw Error(Errc::invalid_argument, "Invalid filter '" + key + "'");
  }
  Pruned out;
  for (auto& c : list()) {
    if (c.state.running) continue;
    if (until && format::parse_rfc3339(c.created) >= *until) continue;
    bool keep = false;
    for (auto& l : with) keep |= !has_label(c, l);
    for (auto& l : without) keep |= has_label(c, l);
    if (keep) continue;
    try {
      int64_t bytes = size(c).rw;
      remove(c.id, false);
      out.ids.push_back(c.id);
      out.reclaimed += bytes;
    } catch (const Error&) {
      // started or removed by another command meanwhile: not ours to prune
    }
  }
  return out;
}

}  // namespace strata::container
