#include "runtime/runc_exec.h"

#include <gtest/gtest.h>

namespace strata::runtime {

TEST(ExecProcess, IsTheContainersProcessWithTheExecsFieldsAndOnlyItsGroups) {
  ExecSpec spec;
  nlohmann::json base = {{"terminal", true},
                       {"consoleSize", {{"height", 24}, {"width", 80}}},
                       {"user", {{"uid", 0}, {"gid", 0}, {"additionalGids", {0, 10}}}},
                       {"args", {"sh"}},
                       {"env", {"PATH=/bin", "A=1"}},
                       {"cwd", "/"},
                       {"capabilities", {{"bounding", {"CAP_CHOWN"}}}},
                       {"noNewPrivileges", true}};
  spec.args = {"id", "-G"};
  spec.env = {"A=2"};
  spec.uid = 65534, spec.gid = 65534, spec.additional_gids = {65534};
  nlohmann::json p = exec_process(base, spec);
  EXPECT_EQ(p["args"], nlohmann::json({"id", "-G"}));
  EXPECT_EQ(p["env"], nlohmann::json({"PATH=/bin", "A=1", "A=2"}));  // the later wins in runc init
  EXPECT_EQ(p["cwd"], "/");
  // Not the container's groups plus the exec's (what `runc exec --additional-gids` gives):
  EXPECT_EQ(p["user"], nlohmann::json({{"uid", 65534}, {"gid", 65534}, {"additionalGids", {65534}}}));
  EXPECT_EQ(p["terminal"], false);
  EXPECT_FALSE(p.contains("consoleSize"));
  EXPECT_EQ(p["capabilities"], base["capabilities"]);  // kept, as containerd keeps them
  EXPECT_EQ(p["noNewPrivileges"], true);
  spec.tty = true, spec.cwd = "/tmp";
  p = exec_process(base, spec);
  EXPECT_EQ(p["terminal"], true);
  EXPECT_EQ(p["cwd"], "/tmp");
  spec.detach = true;  // a detached exec has no terminal (no console socket to hand it to)
  EXPECT_EQ(exec_process(base, spec)["terminal"], false);
}

}  // namespace strata::runtime
