#include "volume/volume_service.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <chrono>

#include "common/error.h"
#include "common/fault.h"
#include "common/fs.h"
#include "common/id.h"
#include "format/human.h"
#include "store/db.h"
#include "volume/plugin_driver.h"

namespace strata::volume {

namespace {
Json map_json(const StringMap& m) {
  if (m.empty()) return Json();
  Json j = Json::object();
  for (auto& [k, v] : m) j[k] = v;
  return j;
}

void make_dir(const std::filesystem::path& p, mode_t mode) {
  if (::mkdir(p.c_str(), mode) != 0) throw_errno("mkdir " + p.string());
  ::chmod(p.c_str(), mode);  // whatever the umask
}
}  // namespace

VolumeService::VolumeService(Paths paths, store::Db& db)
    : paths_(std::move(paths)), db_(db), store_(db, paths_.volumes()), lookup_(plugin_lookup(paths_.run_root)) {
  ::chmod(paths_.volumes().c_str(), 0701);
}

void VolumeService::validate(const CreateOptions& o) {
  if (!o.name.empty()) validate_name(o.name);  // anonymous names are 64 hex: they pass
  if (o.driver.empty() || o.driver == "local") validate_options(o.name, o.options);
}

Volume VolumeService::create(const CreateOptions& o) {
  validate(o);
  auto intent = db_.journal().begin("volume create");
  auto v = db_.transaction([&] { return ensure(o); }).first;
  STRATA_FAULT("volume-create.committed");
  return v;
}

std::pair<Volume, bool> VolumeService::ensure(const CreateOptions& o) {
  validate(o);
  if (!o.name.empty())
    if (auto v = store_.find(o.name)) return {*v, false};
  return {make(o), true};
}

Volume VolumeService::make(const CreateOptions& o) {
  Volume v;
  v.anonymous = o.name.empty() || o.anonymous;
  v.name = v.anonymous ? new_id() : o.name;
  v.created = format::time_rfc3339nano(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  v.labels = map_json(o.labels);
  v.options = map_json(o.options);
  v.mountpoint = store_.dir(v.name) / "_data";
  if (!o.driver.empty() && o.driver != "local") {
    v.driver = o.driver;
    make_plugin_volume(v, o.options);
    return v;
  }
  store_.insert(v);
  STRATA_FAULT("volume-create.recorded");
  // Built aside, renamed into place while the record's transaction is open.
  auto tmp = paths_.tmp() / ("volume-" + random_hex(8));
  try {
    make_dir(tmp, 0701);
    make_dir(tmp / "_data", 0755);
    if (v.has_options()) fs::write_file_atomic(tmp / "opts.json", opts_json(v.options), false);
    auto dest = store_.dir(v.name);
    std::error_code ec;
    if (std::filesystem::symlink_status(dest, ec).type() != std::filesystem::file_type::not_found)
      delete_dir(v.name);  // left by a cut-short rm or create: it has no record
    std::filesystem::rename(tmp, dest);
    STRATA_FAULT("volume-create.renamed");
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  return v;
}

std::filesystem::path VolumeService::move_aside(const std::string& name) {
  // tmp/volume-rm-<hex>-<name>: recovery puts it back if its record is still there.
  auto trash = paths_.tmp() / ("volume-rm-" + random_hex(8) + "-" + name);
  std::error_code ec;
  std::filesystem::rename(store_.dir(name), trash, ec);
  return ec ? std::filesystem::path() : trash;
}

void VolumeService::purge(const std::filesystem::path& trash, const std::string& name) {
  // A volume mounted by its driver is unmounted first, never deleted through.
  if (fs::is_mount_point(trash / "_data")) ::umount2((trash / "_data").c_str(), MNT_DETACH);
  fs::remove_all(trash);
  std::error_code ec;
  std::filesystem::remove(holders_dir(name), ec);  // empty unless a container still runs with it
}

void VolumeService::delete_dir(const std::string& name) {
  if (auto trash = move_aside(name); !trash.empty()) purge(trash, name);
}

Volume VolumeService::get(const std::string& name) {
  auto v = store_.find(name);
  if (!v) throw Error(Errc::not_found, "get " + name + ": no such volume");
  return *v;
}

void VolumeService::remove(const std::string& name, bool force) {
  // One intent for all the removals of this process (`volume rm` of 1,000 names made and deleted
  // 1,000 files): held until the service goes, left behind only by a kill, as any intent.
  if (!rm_intent_) rm_intent_.emplace(db_.journal().begin("volume rm"));
  std::filesystem::path trash;
  try {
    db_.transaction([&] {
      if (!store_.find(name)) {
        if (force) return;
        throw Error(Errc::not_found, "get " + name + ": no such volume");
      }
      auto users = store_.users(name);
      if (!users.empty()) {
        std::string list;
        for (auto& u : users) list += (list.empty() ? "" : ", ") + u;
        throw Error(Errc::conflict, "remove " + name + ": volume is in use - [" + list + "]");
      }
      if (auto v = store_.find(name); v && v->is_plugin()) {
        try {
          driver(v->driver)->remove(name);
        } catch (const Error& e) {
          throw Error(Errc::system, "remove " + name + ": " + e.what());  // the record stays
        }
      }
      store_.remove(name);
      // Moved aside before the commit, while the write lock keeps out a create of
      // the same name (after the commit it could take that create's new directory).
      trash = move_aside(name);
      STRATA_FAULT("volume-rm.moved");  // killed here: the record stays, recovery puts the directory back
    });
  } catch (...) {
    std::error_code ec;
    if (!trash.empty()) std::filesystem::rename(trash, store_.dir(name), ec);  // the record stays
    throw;
  }
  STRATA_FAULT("volume-rm.committed");
  if (!trash.empty()) {
    purge(trash, name);
  } else {  // a plugin's volume has no directory here
    std::error_code ec;
    std::filesystem::remove(holders_dir(name), ec);
  }
}

void VolumeService::remove_if_unused(const std::string& name) {
  try {
    remove(name, true);
  } catch (const Error& e) {
    if (e.code() != Errc::conflict) throw;  // still used by another container: it stays
  }
}

}  // namespace strata::volume
