// Docker's --since/--until/until= values (docker/cli opts.GetTimestamp): a Go duration before
// now ("10m", "1h30m", "1.5s"), a Unix time ("1700000000", "1700000000.5") or an RFC 3339 time.
#include <regex>

#include "common/error.h"
#include "format/human.h"

namespace strata::format {

std::chrono::system_clock::time_point parse_time_or_duration(const std::string& v) {
  using Clock = std::chrono::system_clock;
  static const std::regex duration(R"(^((\d+(\.\d+)?)(h|m|s|ms|us|ns))+$)"), unix_time(R"(^\d+(\.\d+)?$)");
  auto since_epoch = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  if (std::regex_match(v, duration)) {
    double seconds = 0;
    static const std::regex part(R"((\d+(?:\.\d+)?)(h|ms|us|ns|m|s))");
    for (std::sregex_iterator it(v.begin(), v.end(), part), end; it != end; ++it) {
      double n = std::stod((*it)[1]);
      std::string unit = (*it)[2];
      seconds += unit == "h" ? n * 3600 : unit == "m" ? n * 60 : unit == "s" ? n : unit == "ms" ? n / 1e3
                 : unit == "us" ? n / 1e6 : n / 1e9;
    }
    return Clock::now() - since_epoch(seconds);
  }
  if (std::regex_match(v, unix_time)) return Clock::time_point(since_epoch(std::stod(v)));
  try {
    return parse_rfc3339(v);
  } catch (const Error&) {
    throw Error(Errc::invalid_argument, "failed to parse value as time or duration: \"" + v + "\"");
  }
}

}  // namespace strata::format
