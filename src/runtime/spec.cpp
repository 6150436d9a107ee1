#include "runtime/spec.h"

#include <set>

namespace strata::runtime {
namespace {

using nlohmann::json;

json mount(const std::string& dest, const std::string& type, const std::string& src,
           std::vector<std::string> opts) {
  return {{"destination", dest}, {"type", type}, {"source", src}, {"options", std::move(opts)}};
}

json default_mounts() {
  return json::array({
      mount("/proc", "proc", "proc", {"rw", "nosuid", "noexec", "nodev"}),
      mount("/dev", "tmpfs", "tmpfs", {"rw", "nosuid", "strictatime", "mode=755", "size=65536k"}),
      mount("/dev/pts", "devpts", "devpts",
            {"rw", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      mount("/sys", "sysfs", "sysfs", {"ro", "nosuid", "noexec", "nodev"}),
      mount("/sys/fs/cgroup", "cgroup", "cgroup", {"ro", "nosuid", "noexec", "nodev"}),
      mount("/dev/mqueue", "mqueue", "mqueue", {"rw", "nosuid", "noexec", "nodev"}),
      mount("/dev/shm", "tmpfs", "shm", {"rw", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
  });
}

json device_rule(bool allow, int major, int minor) {
  return {{"allow", allow}, {"type", "c"}, {"major", major}, {"minor", minor}, {"access", "rwm"}};
}

json default_devices() {
  return json::array({
      {{"allow", false}, {"access", "rwm"}},
      device_rule(true, 1, 5),    // /dev/zero
      device_rule(true, 1, 3),    // /dev/null
      device_rule(true, 1, 9),    // /dev/urandom
      device_rule(true, 1, 8),    // /dev/random
      device_rule(true, 5, 0),    // /dev/tty
      device_rule(true, 5, 1),    // /dev/console
      device_rule(false, 10, 229),  // /dev/fuse
  });
}

}  // namespace

const std::vector<std::string>& default_capabilities() {
  static const std::vector<std::string> caps{
      "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",     "CAP_MKNOD",
      "CAP_NET_RAW", "CAP_SETGID",      "CAP_SETUID",           "CAP_SETFCAP",    "CAP_SETPCAP",
      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"};
  return caps;
}

json make_spec(const SpecInput& in) {
  const ProcessSpec& p = in.process;
  json user = {{"uid", p.uid}, {"gid", p.gid}};
  if (!p.additional_gids.empty()) user["additionalGids"] = p.additional_gids;
  const auto& caps = default_capabilities();
  // Inheritable stays empty, as since Docker 20.10.14 (CVE-2022-24769).
  json process = {{"terminal", p.terminal}, {"user", user}, {"args", p.args}, {"env", p.env},
                  {"cwd", p.cwd.empty() ? "/" : p.cwd},
                  {"capabilities", {{"bounding", caps}, {"effective", caps}, {"permitted", caps}}}};

  std::set<std::string> user_dests;
  for (const MountSpec& m : in.extra_mounts) user_dests.insert(m.destination);
  json mounts = json::array();
  for (const json& m : default_mounts()) {
    std::string dest = m["destination"];
    if (user_dests.count(dest) || (dest.rfind("/dev/", 0) == 0 && user_dests.count("/dev"))) continue;
    mounts.push_back(m);
  }
  for (const MountSpec& m : in.extra_mounts) mounts.push_back(mount(m.destination, m.type, m.source, m.options));

  json ns = json::array({{{"type", "mount"}}});
  if (!in.host_network) ns.push_back({{"type", "network"}});
  for (const char* t : {"uts", "pid", "ipc"}) ns.push_back({{"type", t}});

  json lx = {
      {"namespaces", ns},
      {"maskedPaths",
       {"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"}},
      {"readonlyPaths", {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}},
      {"resources", {{"devices", default_devices()}}},
  };
  if (!in.cgroups_path.empty()) lx["cgroupsPath"] = in.cgroups_path;
  if (!in.host_network)  // Docker 20.10: unprivileged low ports and ping in a private netns
    lx["sysctl"] = {{"net.ipv4.ip_unprivileged_port_start", "0"}, {"net.ipv4.ping_group_range", "0 2147483647"}};

  json spec = {{"ociVersion", "1.0.2"},
               {"process", process},
               {"root", {{"path", in.rootfs}, {"readonly", in.readonly_rootfs}}},
               {"mounts", mounts},
               {"linux", lx}};
  if (!in.hostname.empty()) spec["hostname"] = in.hostname;
  return spec;
}

}  // namespace strata::runtime
