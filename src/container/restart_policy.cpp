#include "container/restart_policy.h"

#include <algorithm>

#include "common/error.h"
#include "format/human.h"

namespace strata::container {

Json parse_restart_policy(const std::string& flag, bool auto_remove) {
  // The client's parse (docker/cli opts.ParseRestartPolicy).
  std::string name = flag;
  int max = 0;
  if (auto colon = flag.find(':'); colon != std::string::npos) {
    name = flag.substr(0, colon);
    std::string count = flag.substr(colon + 1);
    if (!count.empty()) {
      size_t used = 0;
      try {
        max = std::stoi(count, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != count.size() || count[0] == ' ')
        throw Error(Errc::invalid_argument, "invalid restart policy format: maximum retry count must be an integer");
    }
  }
  if (auto_remove && !name.empty() && name != "no")
    throw Error(Errc::invalid_argument, "Conflicting options: --restart and --rm");
  // The daemon's validation (validateRestartPolicy).
  if (name == "always" || name == "unless-stopped" || name == "no") {
    if (max != 0)
      throw Error(Errc::invalid_argument, "maximum retry count cannot be used with restart policy '" + name + "'");
  } else if (name == "on-failure") {
    if (max < 0) throw Error(Errc::invalid_argument, "maximum retry count cannot be negative");
  } else if (!name.empty()) {
    throw Error(Errc::invalid_argument, "invalid restart policy '" + name + "'");
  }
  return {{"Name", name}, {"MaximumRetryCount", max}};
}

bool should_restart(const Container& c, RestartWhen when) {
  if (c.state.running) return false;
  auto p = c.host_config.value("RestartPolicy", Json::object());
  std::string name = p.value("Name", "");
  int max = p.value("MaximumRetryCount", 0);
  // dockerd's restore only brings back containers that were started before.
  if (when == RestartWhen::at_boot && c.state.started_at == "0001-01-01T00:00:00Z") return false;
  // A stop or kill by the user cancels exit-path restarts of every policy.
  if (when == RestartWhen::on_exit && c.state.manually_stopped) return false;
  if (name == "always") return true;
  if (name == "unless-stopped") return !c.state.manually_stopped;
  if (name == "on-failure") return c.state.exit_code != 0 && (max == 0 || c.state.restart_count < max);
  return false;
}

std::chrono::milliseconds restart_delay(const Container& c) {
  using namespace std::chrono;
  if (c.state.started_at.rfind("0001-", 0) == 0 || c.state.finished_at.rfind("0001-", 0) == 0)
    return milliseconds(100);
  try {
    auto ran = format::parse_rfc3339(c.state.finished_at) - format::parse_rfc3339(c.state.started_at);
    if (ran >= seconds(10)) return milliseconds(100);
  } catch (const std::exception&) {
  }
  auto d = milliseconds(100) * (1LL << std::min(c.state.restart_count, 10));
  return std::min<milliseconds>(d, minutes(1));
}

}  // namespace strata::container
