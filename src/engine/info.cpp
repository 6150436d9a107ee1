#include "engine/info.h"

#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include "container/service.h"
#include "engine/engine.h"
#include "image/image_service.h"

namespace strata {

namespace {
// Docker's names for the filesystems an overlay2 root sits on (moby's fsmagic).
std::string backing_fs(const std::filesystem::path& dir) {
  struct statfs st {};
  if (::statfs(dir.c_str(), &st) != 0) return "<unknown>";
  switch (static_cast<unsigned long>(st.f_type)) {
    case 0xEF53: return "extfs";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x01021994: return "tmpfs";
    case 0x2FC12FC1: return "zfs";
    case 0x794C7630: return "overlayfs";
    default: return "<unknown>";
  }
}

std::string os_name() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      std::string v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  return "Linux";
}

bool cgroup_v2() {
  struct statfs st {};
  return ::statfs("/sys/fs/cgroup", &st) == 0 && static_cast<unsigned long>(st.f_type) == 0x63677270;
}
}  // namespace

nlohmann::ordered_json engine_info(Engine& engine) {
  nlohmann::ordered_json j;
  int running = 0, paused = 0, stopped = 0;  // Docker counts a paused container as paused only
  for (auto& c : engine.containers().list()) (c.state.paused ? paused : c.state.running ? running : stopped)++;
  struct utsname u {};
  ::uname(&u);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  j["Containers"] = running + paused + stopped;
  j["ContainersRunning"] = running;
  j["ContainersPaused"] = paused;
  j["ContainersStopped"] = stopped;
  j["Images"] = engine.images().store().list().size();
  j["Driver"] = "overlay2";
  using A = nlohmann::ordered_json;
  j["DriverStatus"] = A::array({A::array({"Backing Filesystem", backing_fs(engine.paths().root)}),
                                A::array({"Supports d_type", "true"}), A::array({"Native Overlay Diff", "true"}),
                                A::array({"userxattr", "false"})});
  j["Plugins"] = {{"Volume", {"local"}}, {"Network", {"host", "none"}}, {"Log", {"json-file"}}};
  j["LoggingDriver"] = "json-file";
  j["CgroupDriver"] = "cgroupfs";
  j["CgroupVersion"] = cgroup_v2() ? "2" : "1";
  j["KernelVersion"] = u.release;
  j["OperatingSystem"] = os_name();
  j["OSType"] = "linux";
  j["Architecture"] = u.machine;
  j["NCPU"] = ::sysconf(_SC_NPROCESSORS_ONLN);
  j["MemTotal"] = static_cast<int64_t>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGESIZE);
  j["Name"] = host;
  j["DockerRootDir"] = engine.paths().root.string();
  j["ServerVersion"] = kStrataVersion;
  j["Runtimes"] = {{"runc", {{"path", "runc"}}}};
  j["DefaultRuntime"] = "runc";
  return j;
}

}  // namespace strata
