#include "container/restart_policy.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace strata::container {
namespace {

std::string error_of(const std::string& flag, bool rm = false) {
  try {
    parse_restart_policy(flag, rm);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(RestartPolicy, ParsesDockersForms) {
  EXPECT_EQ(parse_restart_policy("no", false), (Json{{"Name", "no"}, {"MaximumRetryCount", 0}}));
  EXPECT_EQ(parse_restart_policy("", false), (Json{{"Name", ""}, {"MaximumRetryCount", 0}}));
  EXPECT_EQ(parse_restart_policy("on-failure:7", false), (Json{{"Name", "on-failure"}, {"MaximumRetryCount", 7}}));
  EXPECT_EQ(parse_restart_policy("on-failure:", false), (Json{{"Name", "on-failure"}, {"MaximumRetryCount", 0}}));
  EXPECT_EQ(parse_restart_policy("no", true)["Name"], "no");  // no policy goes with --rm
}

TEST(RestartPolicy, RefusesWithDockersTexts) {
  EXPECT_EQ(error_of("always", true), "Conflicting options: --restart and --rm");
  EXPECT_EQ(error_of("bogus"), "invalid restart policy 'bogus'");
  EXPECT_EQ(error_of("unless-stopped:1"), "maximum retry count cannot be used with restart policy 'unless-stopped'");
  EXPECT_EQ(error_of("on-failure:-2"), "maximum retry count cannot be negative");
  EXPECT_EQ(error_of("on-failure:1x"), "invalid restart policy format: maximum retry count must be an integer");
}

Container exited(const std::string& policy, int code, int restarts = 0, bool stopped = false) {
  Container c;
  c.host_config["RestartPolicy"] = parse_restart_policy(policy, false);
  c.state.status = "exited";
  c.state.exit_code = code;
  c.state.restart_count = restarts;
  c.state.manually_stopped = stopped;
  c.state.started_at = "2026-01-01T00:00:00Z";
  c.state.finished_at = "2026-01-01T00:00:01Z";
  return c;
}

TEST(RestartPolicy, DockersRules) {
  using W = RestartWhen;
  EXPECT_TRUE(should_restart(exited("always", 0), W::on_exit));
  EXPECT_FALSE(should_restart(exited("always", 0, 0, true), W::on_exit));
  EXPECT_TRUE(should_restart(exited("always", 0, 0, true), W::at_boot));
  EXPECT_FALSE(should_restart(exited("unless-stopped", 0, 0, true), W::at_boot));
  EXPECT_TRUE(should_restart(exited("unless-stopped", 1), W::at_boot));
  EXPECT_FALSE(should_restart(exited("on-failure", 0), W::on_exit));
  EXPECT_TRUE(should_restart(exited("on-failure:2", 1, 1), W::on_exit));
  EXPECT_FALSE(should_restart(exited("on-failure:2", 1, 2), W::on_exit));
  EXPECT_FALSE(should_restart(exited("no", 1), W::at_boot));
  auto never = exited("always", 0);
  never.state.started_at = "0001-01-01T00:00:00Z";
  EXPECT_FALSE(should_restart(never, W::at_boot));  // created, never started
}

TEST(RestartPolicy, BackOffDoublesAndResetsAfterALongRun) {
  EXPECT_EQ(restart_delay(exited("always", 0, 0)).count(), 100);
  EXPECT_EQ(restart_delay(exited("always", 0, 3)).count(), 800);
  EXPECT_EQ(restart_delay(exited("always", 0, 20)).count(), 60000);
  auto c = exited("always", 0, 20);
  c.state.finished_at = "2026-01-01T00:00:30Z";
  EXPECT_EQ(restart_delay(c).count(), 100);
}

}  // namespace
}  // namespace strata::container
