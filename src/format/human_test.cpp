#include "format/human.h"

#include <gtest/gtest.h>

namespace strata::format {

using namespace std::chrono;

// Cases from go-units duration_test.go.
TEST(Human, Duration) {
  const auto day = hours(24), week = 7 * day, month = 30 * day, year = 365 * day;
  const std::pair<nanoseconds, const char*> cases[] = {
      {milliseconds(450), "Less than a second"}, {seconds(-5), "Less than a second"},
      {seconds(1), "1 second"}, {seconds(45), "45 seconds"}, {seconds(59), "59 seconds"},
      {seconds(60), "About a minute"}, {minutes(3), "3 minutes"}, {minutes(35) + seconds(40), "35 minutes"},
      {minutes(59), "59 minutes"}, {hours(1), "About an hour"}, {hours(1) + minutes(29), "About an hour"},
      {hours(1) + minutes(31), "2 hours"}, {hours(3) + minutes(29), "3 hours"}, {hours(3) + minutes(31), "4 hours"},
      {hours(24), "24 hours"}, {day + hours(12), "36 hours"}, {2 * day, "2 days"}, {13 * day + hours(5), "13 days"},
      {2 * week, "2 weeks"}, {2 * week + 4 * day, "2 weeks"}, {month, "4 weeks"}, {month + 2 * week, "6 weeks"},
      {2 * month, "2 months"}, {3 * month + week, "3 months"}, {13 * month, "13 months"},
      {24 * month, "24 months"}, {24 * month + 2 * week, "2 years"}, {3 * year + 2 * month, "3 years"}};
  for (auto& [d, want] : cases) EXPECT_EQ(human_duration(d), want) << d.count();
}

TEST(Human, Size) {
  const std::tuple<double, int, const char*> cases[] = {
      {0, 3, "0B"},         {999, 3, "999B"},        {1000, 3, "1kB"},        {1500, 3, "1.5kB"},
      {4261412, 3, "4.26MB"}, {999500, 3, "1e+03kB"}, {1e9, 3, "1GB"},         {123456789, 4, "123.5MB"},
      {1e30, 3, "1e+06YB"}, {7.2e10, 3, "72GB"}, {-1500, 3, "-1.5e+03B"}};
  for (auto& [b, p, want] : cases) EXPECT_EQ(human_size(b, p), want) << b;
  EXPECT_EQ(human_size(4261412), "4.26MB");
}

TEST(Human, BytesSize) {
  EXPECT_EQ(bytes_size(0), "0B");
  EXPECT_EQ(bytes_size(1536), "1.5KiB");
  EXPECT_EQ(bytes_size(1024 * 1024), "1MiB");
  EXPECT_EQ(bytes_size(2.5 * 1024 * 1024 * 1024), "2.5GiB");
  EXPECT_EQ(bytes_size(123456789), "117.7MiB");
}

TEST(Human, EllipsisLikeDocker) {
  const std::tuple<std::string, size_t, std::string> cases[] = {
      {"sleep 1000", 20, "sleep 1000"},
      {"/docker-entrypoint.sh nginx -g 'daemon off;'", 20, "/docker-entrypoint.…"},
      {"12345678901234567890", 20, "12345678901234567890"},
      {"abc", 1, "a"}, {"abc", 0, ""}, {"", 1, ""},
      {"你好世界你好", 7, "你好世…"},  // wide runes count two columns
      {"你好世", 6, "你好世"},
      {"héllo wörld", 8, "héllo w…"}};
  for (auto& [s, n, want] : cases) EXPECT_EQ(ellipsis(s, n), want) << s << " " << n;
  EXPECT_EQ(truncate_command("/bin/sh -c 'while true; do sleep 1; done'"), "/bin/sh -c 'while t…");
}

}  // namespace strata::format
