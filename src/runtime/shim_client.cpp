#include "runtime/shim_client.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/error.h"
#include "common/fs.h"
#include "runtime/process.h"

namespace strata::runtime {

namespace stdfs = std::filesystem;

ShimResult spawn_shim(const stdfs::path& shim, const stdfs::path& runc, const stdfs::path& runtime_root,
                      const ShimConfig& cfg, std::chrono::milliseconds timeout) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throw_errno("pipe");
  UniqueFd rd(p[0]), wr(p[1]);
  std::vector<std::string> argv{shim.string(), "--id", cfg.id, "--bundle", stdfs::absolute(cfg.bundle).string(),
                                "--state-dir", stdfs::absolute(cfg.state_dir).string(), "--runtime", runc.string(),
                                "--runtime-root", stdfs::absolute(runtime_root).string(),
                                "--log", stdfs::absolute(cfg.log_path).string(), "--sync-fd", std::to_string(wr.get())};
  if (cfg.tty) argv.push_back("--tty");
  if (cfg.stdin_open) argv.push_back("--stdin");
  for (const auto& a : cfg.exit_command) argv.insert(argv.end(), {"--exit-command", a});
  if (!cfg.unmount.empty()) argv.insert(argv.end(), {"--unmount", stdfs::absolute(cfg.unmount).string()});
  if (!cfg.cgroups_path.empty()) argv.insert(argv.end(), {"--cgroup", cfg.cgroups_path});
  UniqueFd devnull(::open("/dev/null", O_RDWR | O_CLOEXEC));
  int stdio[3] = {devnull.get(), devnull.get(), devnull.get()};
  spawn_process(argv, stdio, wr.get(), /*detach=*/true);
  wr.reset();
  std::string line = read_line(rd.get(), timeout);
  if (line.rfind("OK ", 0) == 0) return ShimResult{std::atoi(line.c_str() + 3), ""};
  if (line.rfind("ERR ", 0) == 0) return ShimResult{0, line.substr(4)};
  throw Error(Errc::system, "strata-shim exited without reporting (" + shim.string() + ")");
}

bool shim_lock_held(const stdfs::path& state_dir) {
  UniqueFd fd(::open((state_dir / "shim.lock").c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    throw_errno("open " + (state_dir / "shim.lock").string());
  }
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (::fcntl(fd.get(), F_OFD_GETLK, &fl) != 0) throw_errno("probe shim.lock");
  return fl.l_type != F_UNLCK;
}

std::optional<pid_t> read_pid_file(const stdfs::path& file) {
  try {
    pid_t pid = static_cast<pid_t>(std::atol(fs::read_file(file).c_str()));
    if (pid > 0) return pid;
  } catch (const Error& e) {
    if (e.code() != Errc::not_found) throw;
  }
  return std::nullopt;
}

UniqueFd connect_attach_socket(const stdfs::path& state_dir) {
  UniqueFd dir(::open(state_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) throw Error(Errc::conflict, "container is not running: " + state_dir.string());
  UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!sock.valid()) throw_errno("socket");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/attach.sock", dir.get());
  if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno == ENOENT || errno == ECONNREFUSED) throw Error(Errc::conflict, "container is not running");
    throw_errno("connect to the shim");
  }
  return sock;
}

}  // namespace strata::runtime
