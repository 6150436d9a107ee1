#include "image/config.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace strata::image {

TEST(ImageConfig, NewConfigHasRootfsAndOs) {
  auto c = new_config({"sha256:aa"}, "2026-01-01T00:00:00Z");
  EXPECT_EQ(c["os"], "linux");
  EXPECT_EQ(c["rootfs"]["type"], "layers");
  EXPECT_EQ(c["rootfs"]["diff_ids"][0], "sha256:aa");
}

TEST(ImageConfig, CmdJsonAndShellForms) {
  Json cfg = Json::object();
  apply_change(cfg, "CMD [\"sh\"]");
  EXPECT_EQ(cfg["Cmd"], Json::array({"sh"}));
  apply_change(cfg, "cmd echo hi");
  EXPECT_EQ(cfg["Cmd"], Json::array({"/bin/sh", "-c", "echo hi"}));
  apply_change(cfg, "ENTRYPOINT [\"/bin/echo\", \"x\"]");
  EXPECT_EQ(cfg["Entrypoint"], Json::array({"/bin/echo", "x"}));
}

TEST(ImageConfig, EnvReplacesSameKeyAndKeepsOrder) {
  Json cfg = Json::object();
  apply_change(cfg, "ENV A=1 B=\"two words\"");
  apply_change(cfg, "ENV A 3");
  EXPECT_EQ(cfg["Env"], Json::array({"A=3", "B=two words"}));
}

TEST(ImageConfig, VolumeLabelWorkdirUserExpose) {
  Json cfg = Json::object();
  apply_change(cfg, "VOLUME /data /logs");
  apply_change(cfg, "VOLUME [\"/x\"]");
  apply_change(cfg, "LABEL a=b c=d");
  apply_change(cfg, "WORKDIR /app");
  apply_change(cfg, "USER nobody");
  apply_change(cfg, "EXPOSE 80 53/udp");
  EXPECT_TRUE(cfg["Volumes"].contains("/data") && cfg["Volumes"].contains("/logs") && cfg["Volumes"].contains("/x"));
  EXPECT_EQ(cfg["Labels"]["c"], "d");
  EXPECT_EQ(cfg["WorkingDir"], "/app");
  EXPECT_EQ(cfg["User"], "nobody");
  EXPECT_TRUE(cfg["ExposedPorts"].contains("80/tcp") && cfg["ExposedPorts"].contains("53/udp"));
}

TEST(ImageConfig, UnknownInstructionIsRejected) {
  Json cfg = Json::object();
  try {
    apply_change(cfg, "FROBNICATE x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "FROBNICATE is not a valid change command");
  }
  EXPECT_THROW(apply_change(cfg, "ENV"), Error);
}

}  // namespace strata::image
