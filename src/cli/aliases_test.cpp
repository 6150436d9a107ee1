#include "cli/aliases.h"

#include <gtest/gtest.h>

namespace strata::cli {

using V = std::vector<std::string>;

TEST(Aliases, ManagementFormsBecomeTopLevelCommands) {
  EXPECT_EQ(expand_aliases({"container", "ls", "-a"}), (V{"ps", "-a"}));
  EXPECT_EQ(expand_aliases({"--root", "/r", "image", "rm", "x"}), (V{"--root", "/r", "rmi", "x"}));
  EXPECT_EQ(expand_aliases({"container", "inspect", "c"}), (V{"inspect", "--type", "container", "c"}));
  EXPECT_EQ(expand_aliases({"image", "ls"}), (V{"images"}));
}

TEST(Aliases, OthersStayAsTyped) {
  EXPECT_EQ(expand_aliases({"image", "inspect", "x"}), (V{"image", "inspect", "x"}));
  EXPECT_EQ(expand_aliases({"run", "busybox", "container", "ls"}), (V{"run", "busybox", "container", "ls"}));
  EXPECT_EQ(expand_aliases({"container"}), (V{"container"}));
}

}  // namespace strata::cli
