#include "engine/check.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/fd.h"
#include "common/fs.h"
#include "engine/recovery.h"
#include "format/human.h"
#include "graphdriver/overlay2.h"
#include "runtime/runtime.h"
#include "runtime/shim_client.h"
#include "store/db.h"
#include "volume/volume_store.h"

namespace strata {

namespace {
struct ContainerRow {
  std::string id, mount_id;
  bool running = false, alive = false;
  int pid = 0;
};

std::vector<ContainerRow> containers(const Paths& paths, store::Db& db, runtime::Runtime& rt) {
  std::vector<ContainerRow> out;
  auto st = db.prepare("SELECT id, mount_id, state FROM containers");
  while (st.step()) {
    ContainerRow r{st.text(0), st.text(1)};
    auto state = nlohmann::json::parse(st.text(2), nullptr, false);
    r.running = state.is_object() && state.value("Running", false);
    r.pid = state.is_object() ? state.value("Pid", 0) : 0;
    r.alive = rt.shim_alive(paths.container_run_dir(r.id));
    out.push_back(std::move(r));
  }
  return out;
}

// Mount points (octal escapes undone) at or under `dir`, deepest first.
std::vector<std::string> mounts_under(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line, prefix = dir.string() + "/";
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string skip, mnt;
    f >> skip >> skip >> skip >> skip >> mnt;
    std::string p;
    for (size_t i = 0; i < mnt.size(); ++i)
      if (mnt[i] == '\\' && i + 3 < mnt.size()) p += static_cast<char>(std::stoi(mnt.substr(i + 1, 3), nullptr, 8)), i += 3;
      else p += mnt[i];
    if (p.rfind(prefix, 0) == 0) out.push_back(p);
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
  return out;
}

// True if a command holds the container's lock (container/container_lock.h): it is mid-change.
bool busy(const Paths& paths, const std::string& id) {
  auto path = paths.run_root / "containers" / (id + ".lock");
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  return fd.valid() && ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0;
}

// runc's init renames itself "runc:[2:INIT]" and stays so until the container's process is started.
bool never_started(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string comm;
  return pid > 0 && std::getline(in, comm) && comm.rfind("runc:[", 0) == 0;
}

}  // namespace

CheckReport check_store(const Paths& paths, store::Db& db, graphdriver::Overlay2& driver, runtime::Runtime& rt,
                        bool repair) {
  CheckReport r;
  // One line per problem (or per action); an action that fails says so and the others still run.
  auto say = [&](const std::string& found, const std::string& did, const std::function<void()>& fix) {
    if (!repair) return r.lines.push_back(found);
    try {
      fix();
      r.lines.push_back(did);
    } catch (const std::exception& e) {
      r.lines.push_back("could not repair: " + found + ": " + e.what());
      ++r.unrepaired;
    }
  };
  auto rows = containers(paths, db, rt);
  // Monitors of containers not recorded as running: a start cut short after `runc create`.
  // Killing the container's process makes its monitor finish (runc delete, unmount) and exit.
  for (auto& c : rows)
    if (!c.running && c.alive && !busy(paths, c.id) && !runtime::read_exit_file(paths.container_run_dir(c.id))) {
      // (An exit file means the process ended and its monitor is only finishing: a normal exit.)
      auto sdir = paths.container_run_dir(c.id);
      say("container " + c.id + " is not running but has a monitor", "stopped the monitor of container " + c.id, [&] {
        rt.destroy(c.id);  // every process of it, frozen or not; its monitor then finishes
        if (!rt.wait_shim_exit(sdir, std::chrono::seconds(10))) {
          if (auto shim = runtime::read_pid_file(sdir / "shim.pid")) ::kill(*shim, SIGKILL);
        }
      });
    }
  // runc's state with no monitor to finish it: a start cut short (monitor killed before the
  // process ran) leaves `runc init` waiting forever, and rm of the record does not stop it.
  std::error_code rec;
  for (auto& e : std::filesystem::directory_iterator(paths.runc_root(), rec)) {
    std::string id = e.path().filename();
    auto row = std::find_if(rows.begin(), rows.end(), [&](auto& c) { return c.id == id; });
    if (row != rows.end() && (row->alive || row->running || busy(paths, id))) continue;  // its monitor or reconcile's
    say("container " + id + " left runtime state and maybe processes (its monitor is gone)",
        "removed the runtime state and processes of container " + id, [&] { rt.destroy(id); });
  }
  // Recorded running, monitor there, process never started: a start cut short after its record.
  for (auto& c : rows)
    if (c.running && c.alive && never_started(c.pid) && !busy(paths, c.id))
      say("container " + c.id + " is marked running but its process was never started",
          "started container " + c.id + " (its start was cut short)", [&] { rt.start(paths.container_run_dir(c.id)); });
  for (auto& c : rows)
    if (c.running && !c.alive) {
      r.dead_monitors.push_back(c.id);
      if (!repair) r.lines.push_back("container " + c.id + " is marked running but its monitor is gone");
    }
  // Overlay mounts no running container holds (a running one whose monitor died is unmounted
  // by its reconcile); then whatever is still mounted under the temporary directory.
  std::map<std::string, const ContainerRow*> by_mount;
  for (auto& c : rows) by_mount[c.mount_id] = &c;
  for (auto& m : mounts_under(paths.overlay2())) {
    auto rel = std::filesystem::path(m).lexically_relative(paths.overlay2());
    auto it = by_mount.find(rel.begin()->string());
    if (it != by_mount.end() && (it->second->running || busy(paths, it->second->id))) continue;
    say("stale mount " + m, "unmounted stale mount " + m, [&] { ::umount2(m.c_str(), MNT_DETACH); });
  }
  for (auto& m : mounts_under(paths.tmp()))
    say("stale mount " + m, "unmounted stale mount " + m, [&] { ::umount2(m.c_str(), MNT_DETACH); });
  // A volume rm cut short between moving its directory aside (tmp/volume-rm-<16 hex>-<name>)
  // and its commit: the record is still there, so the directory goes back before temp files go.
  std::error_code ec;
  volume::VolumeStore vols(db, paths.volumes());
  for (auto& e : std::filesystem::directory_iterator(paths.tmp(), ec)) {
    std::string f = e.path().filename();
    if (f.rfind("volume-rm-", 0) != 0 || f.size() <= 27) continue;
    std::string name = f.substr(27);
    if (!vols.find(name) || std::filesystem::exists(vols.dir(name), ec)) continue;
    say("volume " + name + " was moved aside by a removal cut short", "put back the directory of volume " + name,
        [&] { std::filesystem::rename(e.path(), vols.dir(name)); });  // throws: then it stays, see below
  }
  for (auto& l : collect_garbage(paths, db, driver, repair)) r.lines.push_back(l);
  // Records whose files are gone: nothing can bring them back.
  auto layers = db.prepare("SELECT chain_id, cache_id FROM layers");
  while (layers.step())
    if (!std::filesystem::exists(paths.overlay2() / layers.text(1) / "diff", ec)) {
      r.lines.push_back("layer " + layers.text(0) + " has no directory (not repairable: load or import its image again)");
      ++r.unrepaired;
    }
  for (auto& c : rows)
    if (!std::filesystem::exists(paths.overlay2() / c.mount_id, ec) || !std::filesystem::exists(paths.container_dir(c.id), ec)) {
      r.lines.push_back("container " + c.id + " has no layer or directory (not repairable: remove it)");
      ++r.unrepaired;
    }
  // Volumes: a record without its directory gets an empty one; a directory without a record
  // (a create or rm cut short) gets its record back, so its data is never lost.
  for (auto& v : vols.list())
    if (!v.is_plugin() && !std::filesystem::is_directory(vols.dir(v.name) / "_data", ec))  // a plugin keeps its own
      say("volume " + v.name + " has no directory", "made the missing directory of volume " + v.name, [&] {
        std::filesystem::create_directories(vols.dir(v.name) / "_data");
        ::chmod(vols.dir(v.name).c_str(), 0701);
      });
  for (auto& e : std::filesystem::directory_iterator(paths.volumes(), ec)) {
    std::string name = e.path().filename();
    if (!e.is_directory() || !std::filesystem::is_directory(e.path() / "_data", ec) || vols.find(name)) continue;
    say("volume directory " + name + " has no record", "restored the record of volume " + name + " (its data kept)", [&] {
      volume::Volume v;
      v.name = name;
      v.anonymous = name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
      v.created = format::time_rfc3339nano(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
      v.mountpoint = e.path() / "_data";
      vols.insert(v);
    });
  }
  return r;
}

}  // namespace strata
