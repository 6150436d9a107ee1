// The Runtime over runc and strata-shim.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/error.h"
#include "common/fs.h"
#include "runtime/attach.h"
#include "runtime/exec_pty.h"
#include "runtime/process.h"
#include "runtime/runtime.h"
#include "shim/protocol.h"

namespace strata::runtime {
namespace {

namespace stdfs = std::filesystem;

class RuncRuntime : public Runtime {
 public:
  RuncRuntime(stdfs::path runc, stdfs::path shim, stdfs::path root)
      : runc_(std::move(runc)), shim_(std::move(shim)), root_(stdfs::absolute(root)) {}

  int create(const ShimConfig& cfg, const nlohmann::json& spec) override {
    stdfs::path state = stdfs::absolute(cfg.state_dir), root = cfg.runtime_root.empty() ? root_ : cfg.runtime_root;
    root = stdfs::absolute(root);
    if (shim_lock_held(state)) throw Error(Errc::conflict, "container " + cfg.id + " is already running");
    stdfs::create_directories(state);
    ::chmod(state.c_str(), 0700);
    stdfs::create_directories(cfg.bundle);
    fs::write_file_atomic(cfg.bundle / "config.json", spec.dump(), false);
    if (stdfs::exists(root / cfg.id)) runc({"--root", root.string(), "delete", "--force", cfg.id});  // stale state

    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) throw_errno("pipe");
    UniqueFd rd(p[0]), wr(p[1]);
    std::vector<std::string> argv{shim_.string(), "--id", cfg.id, "--bundle", stdfs::absolute(cfg.bundle).string(),
                                  "--state-dir", state.string(), "--runtime", runc_.string(),
                                  "--runtime-root", root.string(), "--log", stdfs::absolute(cfg.log_path).string(),
                                  "--sync-fd", std::to_string(wr.get())};
    if (cfg.tty) argv.push_back("--tty");
    if (cfg.stdin_open) argv.push_back("--stdin");
    for (const auto& a : cfg.exit_command) argv.insert(argv.end(), {"--exit-command", a});
    UniqueFd devnull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    int stdio[3] = {devnull.get(), devnull.get(), devnull.get()};
    spawn_process(argv, stdio, wr.get(), /*detach=*/true);
    wr.reset();
    std::string line = read_line(rd.get(), std::chrono::minutes(2));
    if (line.rfind("OK ", 0) == 0) return std::atoi(line.c_str() + 3);
    if (line.rfind("ERR ", 0) != 0) throw Error(Errc::system, "strata-shim exited without reporting (" + shim_.string() + ")");
    std::string msg = line.substr(4), cmd;
    if (spec.contains("process") && !spec["process"].value("args", nlohmann::json::array()).empty())
      cmd = spec["process"]["args"][0].get<std::string>();
    throw Error(classify_runtime_error(msg, cmd), "OCI runtime create failed: " + msg);
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
    // The pidfd is the shim only if the lock is (still) held and shim.pid unchanged.
    if (!shim_lock_held(state_dir)) return true;
    if (pidfd.valid() && read_pid_file(state_dir / "shim.pid") == pid) {
      pollfd p{pidfd.get(), POLLIN, 0};
      int ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count());
      while (::poll(&p, 1, ms) < 0 && errno == EINTR) {
      }
      if (p.revents & POLLIN) return true;
      return !shim_lock_held(state_dir);
    }
    while (std::chrono::steady_clock::now() < deadline) {  // no pidfd: poll the lock
      ::usleep(10000);
      if (!shim_lock_held(state_dir)) return true;
    }
    return false;
  }

  int exec(const std::string& id, const ExecSpec& spec) override;

  void kill(int pid, int sig) override {
    if (pid <= 0) throw Error(Errc::invalid_argument, "invalid pid " + std::to_string(pid));
    if (::kill(pid, sig) != 0) {
      if (errno == ESRCH) throw Error(Errc::conflict, "process " + std::to_string(pid) + " is not running");
      throw_errno("kill " + std::to_string(pid));
    }
  }

 private:
  int runc(std::vector<std::string> args, const int* stdio = nullptr, int keep_fd = -1) {
    args.insert(args.begin(), runc_.string());
    UniqueFd devnull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    int quiet[3] = {devnull.get(), devnull.get(), devnull.get()};
    return wait_process(spawn_process(args, stdio ? stdio : quiet, keep_fd));
  }

  stdfs::path runc_, shim_, root_;
};

int RuncRuntime::exec(const std::string& id, const ExecSpec& spec) {
  if (spec.args.empty()) throw Error(Errc::invalid_argument, "no command specified");
  UniqueFd log(::memfd_create("runc-exec-log", MFD_CLOEXEC));
  if (!log.valid()) throw_errno("memfd_create");
  std::vector<std::string> args{"--root", root_.string(), "--log", "/proc/self/fd/" + std::to_string(log.get()),
                                "--log-format", "json", "exec"};
  if (spec.detach) args.push_back("--detach");
  else if (spec.tty) args.push_back("--tty");
  if (!spec.cwd.empty()) args.insert(args.end(), {"--cwd", spec.cwd});
  for (const auto& e : spec.env) args.insert(args.end(), {"--env", e});
  args.insert(args.end(), {"--user", std::to_string(spec.uid) + ":" + std::to_string(spec.gid)});
  for (uint32_t g : spec.additional_gids) args.insert(args.end(), {"--additional-gids", std::to_string(g)});
  args.push_back(id);
  args.insert(args.end(), spec.args.begin(), spec.args.end());
  UniqueFd devnull(::open("/dev/null", O_RDWR | O_CLOEXEC));
  int quiet[3] = {devnull.get(), devnull.get(), devnull.get()}, inherit[3] = {-1, -1, -1};
  int code;
  if (spec.tty && !spec.detach && !has_controlling_terminal()) {
    args.insert(args.begin(), runc_.string());
    code = status_code(run_on_pty(args, log.get()));
  } else {
    code = status_code(runc(args, spec.detach ? quiet : inherit, log.get()));
  }
  std::string msg;
  char buf[4096];
  ssize_t n;
  std::string text;
  while ((n = ::pread(log.get(), buf, sizeof buf, static_cast<off_t>(text.size()))) > 0) text.append(buf, n);
  msg = last_runc_error(text);
  if (msg.empty()) return code;
  if (msg.find("does not exist") != std::string::npos) throw Error(Errc::not_found, msg);
  if (msg.find("stopped container") != std::string::npos || msg.find("not running") != std::string::npos)
    throw Error(Errc::conflict, msg);
  throw Error(classify_runtime_error(msg, spec.args[0]), "OCI runtime exec failed: " + msg);
}

}  // namespace

std::unique_ptr<Runtime> make_runc_runtime(stdfs::path runc_binary, stdfs::path shim_binary,
                                           stdfs::path runtime_root) {
  if (shim_binary.empty()) shim_binary = default_shim_path();
  return std::make_unique<RuncRuntime>(std::move(runc_binary), std::move(shim_binary), std::move(runtime_root));
}

}  // namespace strata::runtime
