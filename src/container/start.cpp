// Start: mount the layers, write the OCI bundle, hand the process to its
// monitor. Any failure unmounts and records the error, as Docker does.
#include <chrono>
#include <thread>

#include "common/error.h"
#include "common/fault.h"
#include "common/rootfs.h"
#include "container/container_lock.h"
#include "container/container_mounts.h"
#include "container/etc_files.h"
#include "container/service.h"
#include "format/human.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "runtime/runtime.h"
#include "runtime/spec.h"
#include "store/db.h"

namespace strata::container {

namespace {
const char* kDefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

runtime::SpecInput spec_input(const Container& c, const std::filesystem::path& rootfs, const Paths& paths) {
  runtime::SpecInput in;
  in.id = c.id;
  in.rootfs = rootfs.string();
  in.readonly_rootfs = c.host_config.value("ReadonlyRootfs", false);
  in.hostname = c.config.value("Hostname", "");
  in.host_network = c.host_config.value("NetworkMode", "host") == "host";
  in.cgroups_path = "/strata/" + c.id;
  auto& p = in.process;
  for (auto* key : {"Entrypoint", "Cmd"})
    if (c.config[key].is_array())
      for (auto& a : c.config[key]) p.args.push_back(a.get<std::string>());
  bool has_path = false;
  for (auto& e : c.config["Env"]) {
    p.env.push_back(e.get<std::string>());
    has_path |= p.env.back().rfind("PATH=", 0) == 0;
  }
  if (!has_path) p.env.insert(p.env.begin(), kDefaultPath);
  p.env.push_back("HOSTNAME=" + in.hostname);
  p.terminal = c.config.value("Tty", false);
  if (p.terminal) p.env.push_back("TERM=xterm");
  std::string wd = c.config.value("WorkingDir", "");
  p.cwd = wd.empty() ? "/" : wd;
  auto dir = paths.container_dir(c.id);
  for (auto* f : {"hosts", "hostname", "resolv.conf"})
    in.extra_mounts.push_back({std::string("/etc/") + f, "bind", (dir / f).string(), {"rbind", "rprivate"}});
  return in;
}
}  // namespace

void ContainerService::repair_layer(const Container& c) {
  auto img = d_.images.store().find(c.image_id);
  if (!img) return;  // cannot happen while the container exists; the mount reports what is wrong
  std::string top = img->top_layer.empty() ? "" : d_.images.store().layer(img->top_layer)->cache_id;
  d_.driver.repair_rw(c.mount_id, top);
}

std::filesystem::path ContainerService::prepare_start(const std::string& ref, bool foreground,
                                                      std::optional<RestartWhen> by) {
  Container c = get(ref);
  ContainerLock lock(d_.paths, c.id);
  c = get(c.id);
  auto sdir = state_dir(c);
  if (by) {
    // Decided again under the lock: a stop, rm or start by the user since wins.
    if (!should_restart(c, *by)) return {};
    c.state.restart_count++;
  } else if (!c.state.running) {
    c.state.restart_count = 0;
    c.state.manually_stopped = false;
  } else if (c.state.paused) {
    throw Error(Errc::conflict, "cannot start a paused container, try unpause instead");  // Docker's words
  }
  if (c.state.running) return sdir;
  auto intent = d_.db.journal().begin("start");  // recovery unmounts a start cut short
  bool auto_remove = c.host_config.value("AutoRemove", false);
  repair_layer(c);
  auto merged = d_.driver.mount(c.mount_id, {.volatile_upper = auto_remove, .read_only = false});
  STRATA_FAULT("start.mounted");
  try {
    auto in = spec_input(c, merged, d_.paths);
    auto dir = d_.paths.container_dir(c.id);
    for (auto* f : {"hosts", "hostname", "resolv.conf"})  // Docker writes them at the first start
      if (!std::filesystem::exists(dir / f)) {
        write_etc_files(dir, in.hostname, in.host_network);
        break;
      }
    add_mounts(in.extra_mounts, start_mounts(c, merged, d_.db, d_.volumes));  // volumes, binds, tmpfs
    if (in.process.cwd != "/") rootfs::mkdir_all_in_root(merged, in.process.cwd);
    runtime::resolve_user(merged, c.config.value("User", ""), in.process);
    std::filesystem::remove_all(sdir);
    std::filesystem::create_directories(sdir);
    runtime::ShimConfig sc;
    sc.id = c.id;
    sc.bundle = d_.paths.container_dir(c.id);
    sc.state_dir = sdir;
    sc.log_path = sc.bundle / (c.id + "-json.log");
    sc.runtime_root = d_.paths.runc_root();
    sc.tty = in.process.terminal;
    sc.stdin_open = c.config.value("OpenStdin", false);
    sc.unmount = merged;
    sc.cgroups_path = in.cgroups_path;
    if (!foreground) {  // a foreground caller records the exit itself
      sc.exit_command = d_.exit_command;
      sc.exit_command.push_back(c.id);
    }
    {
      // While runc sets the container up (~20 ms), shorten the WAL the next command must read.
      auto checkpoint = d_.db.checkpoint_in_background(64);
      c.state.pid = d_.runtime.create(sc, runtime::make_spec(in));
    }
    STRATA_FAULT("start.created");
  } catch (const std::exception& e) {  // whatever failed after the mount: undo it all
    release_mounts(c, d_.db, d_.volumes);
    d_.driver.unmount(c.mount_id);
    auto* err = dynamic_cast<const Error*>(&e);
    Errc code = err ? err->code() : Errc::system;
    c.state.error = e.what();
    c.state.exit_code = code == Errc::command_not_found ? 127 : code == Errc::cannot_invoke ? 126 : 128;
    store_.update_state(c.id, c.state);
    throw;
  }
  c.state.status = "running";
  c.state.running = true;
  c.state.exit_code = 0;
  c.state.error.clear();
  c.state.started_at = format::time_rfc3339nano(std::chrono::system_clock::now());
  store_.update_state(c.id, c.state);
  return sdir;
}

std::unique_ptr<runtime::AttachSession> ContainerService::attach(const std::filesystem::path& sdir) {
  return d_.runtime.attach(sdir);
}

void ContainerService::start_process(const std::filesystem::path& sdir) { d_.runtime.start(sdir); }

void ContainerService::auto_restart(const std::string& id) {
  auto found = store_.find(id);
  if (!found) return;
  // The monitor that ran the exit command is still finishing: wait for it.
  d_.runtime.wait_shim_exit(state_dir(*found), std::chrono::seconds(30));
  std::this_thread::sleep_for(restart_delay(*found));
  auto c = store_.find(id);
  if (!c || !should_restart(*c, RestartWhen::on_exit)) return;
  auto sdir = prepare_start(id, false, RestartWhen::on_exit);
  if (!sdir.empty()) start_process(sdir);
}

void ContainerService::start_restartable(const std::function<void(const std::string&, const std::string&)>& report) {
  for (auto& c : list()) {
    if (!should_restart(c, RestartWhen::at_boot)) continue;
    try {
      auto sdir = prepare_start(c.id, false, RestartWhen::at_boot);
      if (sdir.empty()) continue;  // started or stopped by someone else meanwhile
      start_process(sdir);
      report(c.name, "");
    } catch (const Error& e) {
      report(c.name, e.what());
    }
  }
}

void ContainerService::start(const std::string& ref) {
  auto c = get(ref);
  bool was_running = c.state.running;
  auto intent = d_.db.journal().begin("start");  // to the process start: recovery finishes a start cut short
  auto sdir = prepare_start(ref);
  STRATA_FAULT("start.recorded");
  if (!was_running) start_process(sdir);
}

}  // namespace strata::container
