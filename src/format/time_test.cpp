#include <gtest/gtest.h>

#include "common/error.h"
#include "format/human.h"

namespace strata::format {

using namespace std::chrono;

TEST(Time, Rfc3339NanoTrimsFraction) {
  auto base = sys_days{year{2026} / 11 / 28} + hours(9) + minutes(1) + seconds(2);
  const std::pair<nanoseconds, const char*> cases[] = {
      {nanoseconds(123456789), "2026-11-28T09:01:02.123456789Z"},
      {nanoseconds(120000000), "2026-11-28T09:01:02.12Z"},
      {nanoseconds(1000), "2026-11-28T09:01:02.000001Z"},
      {nanoseconds(0), "2026-11-28T09:01:02Z"}};
  for (auto& [frac, want] : cases) EXPECT_EQ(time_rfc3339nano(system_clock::time_point(base + frac)), want);
  EXPECT_EQ(time_rfc3339nano(system_clock::time_point{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(time_rfc3339nano(kZeroTime), "0001-01-01T00:00:00Z");
}

TEST(Time, ParseRfc3339) {
  auto t = parse_rfc3339("2026-11-28T09:01:02.123456789Z");
  EXPECT_EQ(time_rfc3339nano(t), "2026-11-28T09:01:02.123456789Z");
  EXPECT_EQ(time_rfc3339nano(parse_rfc3339("2026-11-28T10:31:02.5+01:30")), "2026-11-28T09:01:02.5Z");
  EXPECT_EQ(time_rfc3339nano(parse_rfc3339("2026-11-28T01:01:02-08:00")), "2026-11-28T09:01:02Z");
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:01Z"), system_clock::time_point{seconds(1)});
  EXPECT_EQ(parse_rfc3339("0001-01-01T00:00:00Z"), kZeroTime);
  for (const char* bad : {"2026-11-28", "2026-11-28T09:01:02", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-11-28T24:00:00Z", "2026-11-28T09:01:02.Z", "2026-11-28T09:01:02Zx",
                          "2026-11-28 09:01:02Z", "0500-01-01T00:00:00Z"})
    EXPECT_THROW(parse_rfc3339(bad), Error) << bad;
}

}  // namespace strata::format
