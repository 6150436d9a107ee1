// exec: `runc exec` with the caller's stdio; runc's errors read back from a
// memfd given to it as its --log.
#include "runtime/runc_exec.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include "common/error.h"
#include "common/fd.h"
#include "common/fs.h"
#include "runtime/process.h"

namespace strata::runtime {
namespace {

bool has_controlling_terminal() {
  UniqueFd fd(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
  return fd.valid();
}

int run_on_pty(const std::vector<std::string>& argv, int keep_fd) {
  int m, s;
  winsize ws{24, 80, 0, 0};
  ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
  if (::openpty(&m, &s, nullptr, nullptr, &ws) != 0) throw_errno("openpty");
  UniqueFd master(m), slave(s);
  ::fcntl(m, F_SETFD, FD_CLOEXEC);
  ::fcntl(s, F_SETFD, FD_CLOEXEC);
  termios raw{};
  ::tcgetattr(s, &raw);
  ::cfmakeraw(&raw);  // runc's own pty does the line discipline
  ::tcsetattr(s, TCSANOW, &raw);
  int stdio[3] = {s, s, s};
  pid_t pid = spawn_process(argv, stdio, keep_fd, /*detach=*/false, /*new_session_tty=*/true);
  slave.reset();
  bool in_open = true;
  char buf[16384];
  for (;;) {  // until the master reads EIO: every slave fd (runc's) is closed
    pollfd fds[2] = {{m, POLLIN, 0}, {in_open ? STDIN_FILENO : -1, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents) {
      ssize_t n = ::read(m, buf, sizeof buf);
      if (n <= 0 && errno != EINTR && errno != EAGAIN) break;
      for (ssize_t off = 0; n > 0 && off < n;) {
        ssize_t w = ::write(STDOUT_FILENO, buf + off, n - off);
        if (w <= 0) break;
        off += w;
      }
    }
    if (fds[1].revents) {
      ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n <= 0) in_open = false;  // a raw pty has no EOF to pass on
      else if (::write(m, buf, n) < 0) in_open = false;
    }
  }
  return wait_process(pid);
}

}  // namespace

nlohmann::json exec_process(const nlohmann::json& base, const ExecSpec& spec) {
  nlohmann::json p = base;
  p.erase("consoleSize");
  p["terminal"] = spec.tty && !spec.detach;
  p["args"] = spec.args;
  nlohmann::json env = p.value("env", nlohmann::json::array());
  for (const auto& e : spec.env) env.push_back(e);  // later entries win, as with `runc exec --env`
  p["env"] = env;
  if (!spec.cwd.empty()) p["cwd"] = spec.cwd;
  nlohmann::json user = {{"uid", spec.uid}, {"gid", spec.gid}};
  if (!spec.additional_gids.empty()) user["additionalGids"] = spec.additional_gids;
  p["user"] = user;
  return p;
}

int runc_exec(const std::filesystem::path& runc, const std::filesystem::path& root, const std::string& id,
              const ExecSpec& spec) {
  if (spec.args.empty()) throw Error(Errc::invalid_argument, "no command specified");
  UniqueFd log(::memfd_create("runc-exec-log", MFD_CLOEXEC));
  if (!log.valid()) throw_errno("memfd_create");
  std::vector<std::string> args{runc.string(), "--root", root.string(), "--log", "/proc/self/fd/" + std::to_string(log.get()),
                                "--log-format", "json", "exec"};
  if (spec.detach) args.push_back("--detach");
  // The whole process, not runc's --user/--env flags: with those runc keeps the container
  // process's additionalGids and adds the exec's.
  UniqueFd process(::memfd_create("runc-exec-process", MFD_CLOEXEC));
  if (!process.valid()) throw_errno("memfd_create");
  auto config = nlohmann::json::parse(fs::read_file(spec.bundle / "config.json"), nullptr, false);
  if (!config.is_object() || !config["process"].is_object())
    throw Error(Errc::system, "exec: no process in " + (spec.bundle / "config.json").string());
  std::string json = exec_process(config["process"], spec).dump();
  if (::write(process.get(), json.data(), json.size()) != static_cast<ssize_t>(json.size())) throw_errno("write process.json");
  // Through our own /proc entry: the memfd is close-on-exec, and runc opens the path by name.
  args.insert(args.end(), {"--process", "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(process.get()), id});
  UniqueFd devnull(::open("/dev/null", O_RDWR | O_CLOEXEC));
  int quiet[3] = {devnull.get(), devnull.get(), devnull.get()}, inherit[3] = {-1, -1, -1};
  int status = spec.tty && !spec.detach && !has_controlling_terminal()
                   ? run_on_pty(args, log.get())
                   : wait_process(spawn_process(args, spec.detach ? quiet : inherit, log.get()));
  int code = status_code(status);
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

}  // namespace strata::runtime
