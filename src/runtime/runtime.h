// The container runtime layer: runc drives namespaces and cgroups, and one
// strata-shim per container monitors it (stdio, json log, exit code). Behind an
// interface so the container manager's tests can inject faults.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "runtime/attach.h"

namespace strata::runtime {

struct ShimConfig {
  std::string id;
  std::filesystem::path bundle;        // config.json is written here
  std::filesystem::path state_dir;     // shim.lock, shim.pid, pid, exit, attach.sock, runc.log
  std::filesystem::path log_path;      // the json-file log
  std::filesystem::path runtime_root;  // runc --root (must match the Runtime's)
  bool tty = false, stdin_open = false;
  std::vector<std::string> exit_command;  // run by the shim after the exit and `runc delete`
  std::filesystem::path unmount;          // the rootfs mount the shim detaches when the container exits
  std::string cgroups_path;               // the spec's cgroupsPath: lets the shim delete without `runc delete`
};

struct ExecSpec {
  std::vector<std::string> args;
  std::vector<std::string> env;  // added to the container's env (later entries win)
  std::string cwd;               // "" = the container's
  uint32_t uid = 0, gid = 0;
  std::vector<uint32_t> additional_gids;
  bool tty = false;     // foreground only: runc makes and drives the pty
  bool detach = false;  // `runc exec -d`, stdio /dev/null, returns 0
  // The container's bundle (ShimConfig::bundle): the exec's process is its config.json process
  // with the fields above (capabilities, rlimits, no_new_privileges kept), given whole to `runc
  // exec --process`, as containerd does for Docker.
  std::filesystem::path bundle;
};

class Runtime {
 public:
  virtual ~Runtime() = default;
  // Writes bundle/config.json (atomic), spawns the shim, waits for `runc
  // create`; returns the container's host pid. runc's message is mapped to
  // Docker's codes: command_not_found (127), cannot_invoke (126), else system.
  virtual int create(const ShimConfig& cfg, const nlohmann::json& spec) = 0;
  // Connects to the shim's attach socket; throws Errc::conflict if it is gone.
  virtual std::unique_ptr<AttachSession> attach(const std::filesystem::path& state_dir) = 0;
  // Connects, sends START, waits for the answer; throws Errc::system on 'F'.
  virtual void start(const std::filesystem::path& state_dir) = 0;
  // True while the shim holds shim.lock.
  virtual bool shim_alive(const std::filesystem::path& state_dir) = 0;
  // True if the shim is gone (or goes within the timeout): the exit file is
  // written, runc's state deleted and the exit command has run. ('X' reaches
  // attached clients before the last two.)
  virtual bool wait_shim_exit(const std::filesystem::path& state_dir, std::chrono::milliseconds timeout) = 0;
  // `runc exec` in the foreground with the caller's stdio; returns the exit
  // status (128+signal when killed). Detached: `runc exec -d`, returns 0.
  virtual int exec(const std::string& id, const ExecSpec& spec) = 0;
  // Throws Errc::conflict if the process does not exist.
  virtual void kill(int pid, int sig) = 0;
  // Freezes / thaws every process of container `id` (`runc pause` / `resume`): commit's --pause.
  virtual void pause(const std::string& id) { throw Error(Errc::system, "pause is not supported: " + id); }
  virtual void resume(const std::string& id) { throw Error(Errc::system, "resume is not supported: " + id); }
  // For a container whose monitor is gone: kills every process still in its cgroup (thawing a
  // frozen one; never a pid merely recorded, which may have been reused) and drops the runtime's
  // state (`runc delete --force`). Nothing to do is not an error and costs no process.
  virtual void destroy(const std::string& id) {}
  // Host pids of every process of a running container (`runc ps`).
  virtual std::vector<int> pids(const std::string& id) { return {}; }
};

// runc_binary: e.g. /usr/sbin/runc. shim_binary: "" = default_shim_path().
std::unique_ptr<Runtime> make_runc_runtime(std::filesystem::path runc_binary, std::filesystem::path shim_binary,
                                           std::filesystem::path runtime_root);
// $STRATA_SHIM, else strata-shim next to /proc/self/exe.
std::filesystem::path default_shim_path();

struct ExitInfo {
  int code = 0;
  std::string finished_at;  // RFC3339 with nanoseconds, UTC
};
// The shim's <state_dir>/exit, if the container has exited.
std::optional<ExitInfo> read_exit_file(const std::filesystem::path& state_dir);

// Docker's mapping of a runtime error message: "permission denied" ->
// cannot_invoke (126); "executable file not found", a "no such file or
// directory" naming cmd (the container's args[0]; any if cmd is ""), "not a
// directory" -> command_not_found (127); else system.
Errc classify_runtime_error(const std::string& message, const std::string& cmd);

}  // namespace strata::runtime
