// container prune: every container that is not running (created or exited), filtered by
// `until` (a Go duration before now, a Unix time or an RFC 3339 time) and `label`/`label!`
// as Docker's daemon does. Each one is removed as `rm` removes it; named volumes stay.
#include "common/error.h"
#include "common/labels.h"
#include "container/service.h"
#include "format/human.h"
#include "volume/volume_service.h"

namespace strata::container {

using Clock = std::chrono::system_clock;

ContainerService::Pruned ContainerService::prune(const std::vector<std::string>& filters) {
  std::optional<Clock::time_point> until;
  std::vector<std::string> with, without;
  for (auto& kv : filters) {
    auto [key, value] = volume::parse_filter(kv);  // Docker's key=value rule, one place
    if (key == "until") until = format::parse_time_or_duration(value);
    else if (key == "label") with.push_back(value);
    else if (key == "label!") without.push_back(value);
    else throw Error(Errc::invalid_argument, "Invalid filter '" + key + "'");
  }
  Pruned out;
  for (auto& c : list()) {
    if (c.state.running) continue;
    if (until && format::parse_rfc3339(c.created) >= *until) continue;
    bool keep = false;
    for (auto& l : with) keep |= !labels_match(c.config["Labels"], l);
    for (auto& l : without) keep |= labels_match(c.config["Labels"], l);
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
