// Stop, kill, restart, wait, and how a container's exit is recorded: by the
// monitor's exit command (on_exit), or by the next command that finds the
// monitor gone (reconcile) — after a crash of everything, a reboot.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "common/error.h"
#include "common/fault.h"
#include "container/container_lock.h"
#include "container/container_mounts.h"
#include "container/service.h"
#include "format/human.h"
#include "graphdriver/overlay2.h"
#include "runtime/process.h"
#include "runtime/runtime.h"
#include "store/db.h"

namespace strata::container {

namespace {
constexpr auto kForever = std::chrono::hours(24 * 365);
}

Container ContainerService::get(const std::string& ref) {
  Container c = store_.get(ref);
  if (!reconcile(c)) throw Error(Errc::not_found, "No such container: " + ref);
  return c;
}

std::optional<Container> ContainerService::get_if(const std::string& ref) {
  auto c = store_.find(ref);
  if (c && !reconcile(*c)) return std::nullopt;
  return c;
}

std::vector<Container> ContainerService::list() {
  std::vector<Container> out;
  for (auto& c : store_.list())
    if (reconcile(c)) out.push_back(std::move(c));
  return out;
}

bool ContainerService::reconcile(Container& c) {
  if (!c.state.running || d_.runtime.shim_alive(state_dir(c))) return true;
  // The monitor is gone but the record says running: the monitor was killed,
  // or the machine went down. Record what is known and release the mount.
  auto info = runtime::read_exit_file(state_dir(c));
  if (info) {
    finalize(c, info->code, info->finished_at, "");
  } else {
    d_.runtime.destroy(c.id);  // orphaned by a killed monitor (maybe left frozen by a killed commit)
    finalize(c, 255, format::time_rfc3339nano(std::chrono::system_clock::now()), "container monitor died");
  }
  if (!c.host_config.value("AutoRemove", false)) return true;
  remove_files(c);
  return false;
}

void ContainerService::finalize(Container& c, int code, const std::string& finished, const std::string& error) {
  release_mounts(c, d_.db, d_.volumes);  // the last holder of a driver-mounted volume unmounts it
  bool removing = c.host_config.value("AutoRemove", false);
  if (!removing) d_.driver.unmount(c.mount_id);  // remove_files unmounts an --rm one
  STRATA_FAULT("exit.unmounted");
  c.state.status = "exited";
  c.state.running = false;
  c.state.paused = false;
  c.state.pid = 0;
  c.state.exit_code = code;
  c.state.finished_at = finished;
  c.state.error = error;
  if (!removing) store_.update_state(c.id, c.state);  // an --rm record is deleted next
}

void ContainerService::on_exit(const std::string& id) {
  auto found = store_.find(id);
  if (!found) return;
  {
    ContainerLock lock(d_.paths, id);
    Container c = store_.get(id);
    if (!c.state.running) return;
    auto info = runtime::read_exit_file(state_dir(c));
    // The exit command of an earlier run, late (its monitor was killed while it ran, someone
    // recorded that exit and started the container again): the current run's monitor is alive
    // and has written no exit yet, so this is not its exit. Finalizing would unmount a running
    // container (found by the soak: runc then set up a container on the bare directory).
    if (!info && d_.runtime.shim_alive(state_dir(c))) return;
    finalize(c, info ? info->code : 255,
             info ? info->finished_at : format::time_rfc3339nano(std::chrono::system_clock::now()),
             info ? "" : "container monitor died");
    if (c.host_config.value("AutoRemove", false)) return remove_files(c);
    if (!should_restart(c, RestartWhen::on_exit)) return;
  }
  // The restart policy wants it back (Docker's daemon restarts it): a detached
  // process does it once this monitor is gone, after Docker's back-off.
  auto argv = d_.exit_command;
  argv.back() = "autorestart";
  argv.push_back(id);
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int stdio[3] = {null_fd, null_fd, null_fd};
  runtime::spawn_process(argv, stdio, -1, /*detach=*/true);
  if (null_fd >= 0) ::close(null_fd);
}

// A commit killed while it had the container paused (`runc pause`) leaves it
// frozen, and a frozen process does not die of SIGKILL until thawed: stop,
// kill and rm -f thaw it first. One read of the freezer state (cgroup v1).
void ContainerService::thaw_if_frozen(const Container& c) {
  std::ifstream f("/sys/fs/cgroup/freezer/strata/" + c.id + "/freezer.state");
  std::string state;
  if (!(f >> state) || state == "THAWED") return;
  try {
    d_.runtime.resume(c.id);
  } catch (const Error&) {  // gone meanwhile
  }
}

// A stop or kill by the user is remembered: unless-stopped containers stay
// down after a reboot, and no policy restarts them on this exit.
void ContainerService::mark_manually_stopped(const std::string& id) {
  ContainerLock lock(d_.paths, id);
  auto c = store_.find(id);
  if (!c || c->state.manually_stopped) return;
  c->state.manually_stopped = true;
  store_.update_state(id, c->state);
}

bool ContainerService::wait_exit(const Container& c, std::chrono::milliseconds timeout) {
  return d_.runtime.wait_shim_exit(state_dir(c), timeout);
}

void ContainerService::stop(const std::string& ref, std::optional<int> timeout_s) {
  Container c = get(ref);
  mark_manually_stopped(c.id);
  if (!c.state.running) return;
  thaw_if_frozen(c);
  int sig = parse_signal(c.config.value("StopSignal", "SIGTERM"));
  d_.runtime.kill(c.state.pid, sig);
  STRATA_FAULT("stop.signalled");
  if (!wait_exit(c, std::chrono::seconds(timeout_s.value_or(10)))) {
    d_.runtime.kill(c.state.pid, SIGKILL);
    wait_exit(c, kForever);
  }
  get(c.id);  // records the exit if the monitor could not
}

void ContainerService::kill(const std::string& ref, const std::string& signal) {
  int sig = parse_signal(signal);
  auto found = get_if(ref);  // Docker words every kill failure "Cannot kill container: REF: ..."
  if (!found) throw Error(Errc::not_found, "Cannot kill container: " + ref + ": No such container: " + ref);
  Container c = *found;
  if (!c.state.running)
    throw Error(Errc::conflict, "Cannot kill container: " + ref + ": Container " + c.id + " is not running");
  mark_manually_stopped(c.id);
  thaw_if_frozen(c);
  d_.runtime.kill(c.state.pid, sig);
  if (sig == SIGKILL) {
    wait_exit(c, kForever);
    get(c.id);
  }
}

void ContainerService::restart(const std::string& ref, std::optional<int> timeout_s) {
  stop(ref, timeout_s);
  start(ref);
}

int ContainerService::wait(const std::string& ref) {
  // Not get(): an --rm container that already exited would be removed by its
  // reconcile before we read its exit code.
  auto found = store_.find(ref);
  if (!found) throw Error(Errc::not_found, "No such container: " + ref);
  Container c = *found;
  if (c.state.running) wait_exit(c, kForever);
  auto after = store_.find(c.id);
  if (!after) return c.state.exit_code;  // removed by its monitor or another command
  reconcile(*after);                     // records the exit (and removes an --rm one)
  return after->state.exit_code;
}

int parse_signal(const std::string& in) {
  static const std::pair<const char*, int> names[] = {
      {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},   {"TRAP", SIGTRAP},
      {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"FPE", SIGFPE},   {"KILL", SIGKILL}, {"USR1", SIGUSR1},
      {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
      {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
      {"TTOU", SIGTTOU}, {"URG", SIGURG},   {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM},
      {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},   {"PWR", SIGPWR},   {"SYS", SIGSYS}};
  std::string s = in;
  for (auto& ch : s) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
  if (s.rfind("SIG", 0) == 0) s = s.substr(3);
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) {
    int n = std::stoi(s);
    if (n > 0 && n <= 64) return n;
  }
  for (auto& [name, num] : names)
    if (s == name) return num;
  throw Error(Errc::invalid_argument, "Invalid signal: " + in);
}

}  // namespace strata::container
