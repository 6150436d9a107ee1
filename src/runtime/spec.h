// The OCI runtime config (config.json) as Docker 20.10 makes it.
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strata::runtime {

struct MountSpec {
  std::string destination, type, source;
  std::vector<std::string> options;
};

struct ProcessSpec {
  std::vector<std::string> args;
  std::vector<std::string> env;  // the caller includes PATH
  std::string cwd = "/";
  uint32_t uid = 0, gid = 0;
  std::vector<uint32_t> additional_gids;
  bool terminal = false;
};

struct SpecInput {
  std::string id;
  std::string rootfs;  // absolute path of the mounted merged dir
  bool readonly_rootfs = false;
  ProcessSpec process;
  std::string hostname;
  bool host_network = true;  // false: a new netns with only lo
  // Binds of hosts/hostname/resolv.conf, volumes, tmpfs: after the defaults,
  // in order. A default mount at the same destination is dropped (and all of
  // /dev's when /dev itself is given), like Docker.
  std::vector<MountSpec> extra_mounts;
  std::string cgroups_path;  // e.g. "/strata/<id>"
};

// ociVersion 1.0.2; namespaces pid, ipc, uts, mount (+ network unless
// host_network), Docker's capabilities, mounts, masked/readonly paths, device
// cgroup rules, and with a private network the sysctls Docker 20.10 sets.
// No seccomp or AppArmor profile.
nlohmann::json make_spec(const SpecInput& in);

// Docker's default capability set ("CAP_CHOWN", ...).
const std::vector<std::string>& default_capabilities();

// Resolves a Docker USER ("", "name", "uid", "name:group", "uid:gid") against
// <rootfs>/etc/passwd and /etc/group, opened with RESOLVE_IN_ROOT so symlinks
// cannot lead out of the rootfs. Fills uid, gid and (for the implicit group
// form) the supplementary groups the user is listed in. Throws
// Errc::invalid_argument with Docker's messages ("unable to find user foo: no
// matching entries in passwd file").
void resolve_user(const std::filesystem::path& rootfs, const std::string& user, ProcessSpec& p);

}  // namespace strata::runtime
