#include "runtime/spec.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::runtime {
namespace {

using nlohmann::json;

SpecInput input() {
  SpecInput in;
  in.id = "abc";
  in.rootfs = "/var/lib/strata/overlay2/x/merged";
  in.process.args = {"sh", "-c", "true"};
  in.process.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  in.cgroups_path = "/strata/abc";
  return in;
}

std::vector<std::string> namespaces(const json& spec) {
  std::vector<std::string> out;
  for (const json& n : spec["linux"]["namespaces"]) out.push_back(n["type"]);
  return out;
}

std::vector<std::string> destinations(const json& spec) {
  std::vector<std::string> out;
  for (const json& m : spec["mounts"]) out.push_back(m["destination"]);
  return out;
}

TEST(MakeSpec, HostNetworkHasNoNetworkNamespaceNorSysctls) {
  json spec = make_spec(input());
  EXPECT_EQ(spec["ociVersion"], "1.0.2");
  EXPECT_EQ(namespaces(spec), (std::vector<std::string>{"mount", "uts", "pid", "ipc"}));
  EXPECT_FALSE(spec["linux"].contains("sysctl"));
  EXPECT_EQ(spec["linux"]["cgroupsPath"], "/strata/abc");
}

TEST(MakeSpec, PrivateNetworkAddsNamespaceAndDockerSysctls) {
  SpecInput in = input();
  in.host_network = false;
  json spec = make_spec(in);
  EXPECT_EQ(namespaces(spec), (std::vector<std::string>{"mount", "network", "uts", "pid", "ipc"}));
  EXPECT_EQ(spec["linux"]["sysctl"]["net.ipv4.ip_unprivileged_port_start"], "0");
}

TEST(MakeSpec, DockerCapabilitiesWithEmptyInheritable) {
  json caps = make_spec(input())["process"]["capabilities"];
  std::vector<std::string> want{"CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",          "CAP_FOWNER",
                                "CAP_MKNOD",  "CAP_NET_RAW",      "CAP_SETGID",          "CAP_SETUID",
                                "CAP_SETFCAP", "CAP_SETPCAP",     "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
                                "CAP_KILL",   "CAP_AUDIT_WRITE"};
  for (const char* set : {"bounding", "effective", "permitted"}) EXPECT_EQ(caps[set].get<std::vector<std::string>>(), want);
  EXPECT_FALSE(caps.contains("inheritable"));
  EXPECT_EQ(caps["bounding"].size(), 14u);
}

TEST(MakeSpec, ProcessRootAndHostname) {
  SpecInput in = input();
  in.process.uid = 1000, in.process.gid = 100, in.process.additional_gids = {5, 6};
  in.process.cwd = "/work";
  in.process.terminal = true;
  in.hostname = "box";
  json spec = make_spec(in);
  EXPECT_EQ(spec["process"]["user"], json({{"uid", 1000}, {"gid", 100}, {"additionalGids", {5, 6}}}));
  EXPECT_EQ(spec["process"]["cwd"], "/work");
  EXPECT_EQ(spec["process"]["terminal"], true);
  EXPECT_EQ(spec["process"]["args"], json({"sh", "-c", "true"}));
  EXPECT_EQ(spec["hostname"], "box");
  EXPECT_EQ(spec["root"], json({{"path", in.rootfs}, {"readonly", false}}));
  EXPECT_FALSE(make_spec(input()).contains("hostname"));
}

TEST(MakeSpec, ReadonlyRootfs) {
  SpecInput in = input();
  in.readonly_rootfs = true;
  EXPECT_EQ(make_spec(in)["root"]["readonly"], true);
}

TEST(MakeSpec, DefaultMountsThenExtraInOrder) {
  SpecInput in = input();
  in.extra_mounts = {{"/etc/resolv.conf", "bind", "/c/resolv.conf", {"rbind", "rprivate"}},
                     {"/data", "bind", "/v/_data", {"rbind"}},
                     {"/dev/shm", "tmpfs", "tmpfs", {"size=1m"}}};
  json spec = make_spec(in);
  EXPECT_EQ(destinations(spec), (std::vector<std::string>{"/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup",
                                                           "/dev/mqueue", "/etc/resolv.conf", "/data", "/dev/shm"}));
  EXPECT_EQ(spec["mounts"][1]["options"], json({"rw", "nosuid", "strictatime", "mode=755", "size=65536k"}));
  EXPECT_EQ(spec["mounts"][2]["options"],
            json({"rw", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}));
  EXPECT_EQ(spec["mounts"][3]["options"], json({"ro", "nosuid", "noexec", "nodev"}));
  EXPECT_EQ(spec["mounts"][6]["options"], json({"rbind", "rprivate"}));
  EXPECT_EQ(spec["mounts"][8]["options"], json({"size=1m"}));
  EXPECT_EQ(destinations(make_spec(input())).back(), "/dev/shm");  // the default one
}

TEST(MakeSpec, MaskedReadonlyPathsAndDeviceRules) {
  json lx = make_spec(input())["linux"];
  auto masked = lx["maskedPaths"].get<std::vector<std::string>>();
  EXPECT_EQ(masked.size(), 10u);
  EXPECT_NE(std::find(masked.begin(), masked.end(), "/proc/kcore"), masked.end());
  EXPECT_NE(std::find(masked.begin(), masked.end(), "/sys/firmware"), masked.end());
  EXPECT_EQ(lx["readonlyPaths"], json({"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}));
  json devices = lx["resources"]["devices"];
  ASSERT_EQ(devices.size(), 8u);
  EXPECT_EQ(devices[0], json({{"allow", false}, {"access", "rwm"}}));  // deny all first
  EXPECT_EQ(devices[1], json({{"allow", true}, {"type", "c"}, {"major", 1}, {"minor", 5}, {"access", "rwm"}}));
  EXPECT_EQ(devices[7]["allow"], false);  // fuse
  EXPECT_FALSE(lx.contains("seccomp"));
}

}  // namespace
}  // namespace strata::runtime
