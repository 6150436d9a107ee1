// The Runtime over runc and strata-shim.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "common/error.h"
#include "common/fs.h"
#include "runtime/process.h"
#include "runtime/runc_exec.h"
#include "runtime/runtime.h"
#include "runtime/shim_client.h"
#include "shim/protocol.h"

namespace strata::runtime {
namespace {

namespace stdfs = std::filesystem;

class RuncRuntime : public Runtime {
 public:
  RuncRuntime(stdfs::path runc, stdfs::path shim, stdfs::path root)
      : runc_(std::move(runc)), shim_(std::move(shim)), root_(stdfs::absolute(root)) {}

  int create(const ShimConfig& cfg, const nlohmann::json& spec) override {
    stdfs::path root = stdfs::absolute(cfg.runtime_root.empty() ? root_ : cfg.runtime_root);
    if (shim_lock_held(cfg.state_dir)) throw Error(Errc::conflict, "container " + cfg.id + " is already running");
    stdfs::create_directories(cfg.state_dir);
    ::chmod(cfg.state_dir.c_str(), 0700);
    stdfs::create_directories(cfg.bundle);
    fs::write_file_atomic(cfg.bundle / "config.json", spec.dump(), false);
    if (stdfs::exists(root / cfg.id)) runc_quiet({"delete", "--force", cfg.id}, root);  // left by a crash: runc would refuse the id
    ShimResult r = spawn_shim(shim_, runc_, root, cfg);
    if (r.ok()) return r.pid;
    std::string cmd;
    if (spec.contains("process") && !spec["process"].value("args", nlohmann::json::array()).empty())
      cmd = spec["process"]["args"][0].get<std::string>();
    throw Error(classify_runtime_error(r.error, cmd), "OCI runtime create failed: " + r.error + ": unknown");  // as dockerd words it
  }

  std::unique_ptr<AttachSession> attach(const stdfs::path& state_dir) override {
    return std::make_unique<AttachSession>(connect_attach_socket(state_dir), state_dir);
  }

  void start(const stdfs::path& state_dir) override {
    AttachSession s(connect_attach_socket(state_dir), state_dir);
    s.send(shimproto::kStart, "");
    char type;
    std::string payload;
    while (s.next(type, payload)) {
      if (type == shimproto::kStarted) return;
      if (type == shimproto::kFailed) throw Error(Errc::system, "OCI runtime start failed: " + payload);
    }
    throw Error(Errc::system, "the shim went away before starting the container");
  }

  bool shim_alive(const stdfs::path& state_dir) override { return shim_lock_held(state_dir); }

  bool wait_shim_exit(const stdfs::path& state_dir, std::chrono::milliseconds timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pid = read_pid_file(state_dir / "shim.pid");
    UniqueFd pidfd(pid ? static_cast<int>(::syscall(SYS_pidfd_open, *pid, 0)) : -1);
    // The pidfd is the shim's only if the lock is (still) held and shim.pid unchanged.
    if (!shim_lock_held(state_dir)) return true;
    if (pidfd.valid() && read_pid_file(state_dir / "shim.pid") == pid) {
      pollfd p{pidfd.get(), POLLIN, 0};
      for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        int r = ::poll(&p, 1, static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT32_MAX)));
        if (r > 0 || (r == 0 && left.count() <= INT32_MAX) || (r < 0 && errno != EINTR)) break;
      }
      return (p.revents & POLLIN) || !shim_lock_held(state_dir);
    }
    while (std::chrono::steady_clock::now() < deadline) {  // no pidfd: poll the lock
      ::usleep(10000);
      if (!shim_lock_held(state_dir)) return true;
    }
    return false;
  }

  int exec(const std::string& id, const ExecSpec& spec) override { return runc_exec(runc_, root_, id, spec); }

  void pause(const std::string& id) override { runc_simple("pause", id); }
  void resume(const std::string& id) override { runc_simple("resume", id); }
  std::vector<int> pids(const std::string& id) override {
    int st = 0;
    std::string out = capture_output({runc_.string(), "--root", root_.string(), "ps", "--format", "json", id}, &st);
    if (st != 0) throw Error(Errc::conflict, "Container " + id + " is not running");
    auto j = nlohmann::json::parse(out, nullptr, false);
    std::vector<int> v;
    if (j.is_array())
      for (auto& p : j)
        if (p.is_number_integer()) v.push_back(p.get<int>());
    return v;
  }
  // runc's destroy freezes the cgroup, SIGKILLs every process in it and thaws it (so a container
  // a killed commit left paused dies too), then removes its cgroups and state.
  void destroy(const std::string& id) override {
    std::error_code ec;  // no state (the monitor deleted it, or a reboot emptied /run): nothing to end, no runc
    if (stdfs::exists(root_ / id, ec)) runc_quiet({"delete", "--force", id});
  }

  void kill(int pid, int sig) override {
    if (pid <= 0) throw Error(Errc::invalid_argument, "invalid pid " + std::to_string(pid));
    if (::kill(pid, sig) != 0) {
      if (errno == ESRCH) throw Error(Errc::conflict, "process " + std::to_string(pid) + " is not running");
      throw_errno("kill " + std::to_string(pid));
    }
  }

 private:
  // runc with `args` (and our state root unless another is given), stdio on /dev/null; returns
  // the wait status.
  int runc_quiet(const std::vector<std::string>& args, const stdfs::path& root = {}) {
    UniqueFd devnull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    int quiet[3] = {devnull.get(), devnull.get(), devnull.get()};
    std::vector<std::string> argv{runc_.string(), "--root", (root.empty() ? root_ : root).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return wait_process(spawn_process(argv, quiet));
  }

  void runc_simple(const char* verb, const std::string& id) {
    int status = runc_quiet({verb, id});
    if (status != 0)
      throw Error(Errc::system, std::string("runc ") + verb + " " + id + " failed (status " + std::to_string(status_code(status)) + ")");
  }

  stdfs::path runc_, shim_, root_;
};

}  // namespace

std::unique_ptr<Runtime> make_runc_runtime(stdfs::path runc_binary, stdfs::path shim_binary,
                                           stdfs::path runtime_root) {
  if (shim_binary.empty()) shim_binary = default_shim_path();
  return std::make_unique<RuncRuntime>(std::move(runc_binary), std::move(shim_binary), std::move(runtime_root));
}

}  // namespace strata::runtime
