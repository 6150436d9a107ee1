// The parts of VolumeService that hand a volume to its plugin (volume_driver.h).
#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata::volume {

void VolumeService::make_plugin_volume(Volume& v, const StringMap& opts) {
  std::shared_ptr<VolumeDriver> d;
  try {
    d = driver(v.driver);
    d->create(v.name, opts);
  } catch (const Error& e) {
    throw Error(e.code(), "create " + v.name + ": " + e.what());
  }
  v.mountpoint.clear();  // the plugin's to say (describe, mount)
  try {
    store_.insert(v);
  } catch (...) {
    try {
      d->remove(v.name);
    } catch (const Error&) {
    }
    throw;
  }
}

void VolumeService::discard(const std::string& name) {
  // Called inside the failing transaction: the record is still visible to it.
  if (auto v = store_.find(name); v && v->is_plugin()) {
    try {
      driver(v->driver)->remove(name);
    } catch (const Error&) {
    }
    return;
  }
  delete_dir(name);
}

Volume VolumeService::describe(Volume v) {
  if (!v.is_plugin()) return v;
  try {
    auto d = driver(v.driver);
    auto got = d->get(v.name);
    v.mountpoint = got.mountpoint;
    v.created = got.created_at.empty() ? "0001-01-01T00:00:00Z" : got.created_at;
    v.status = got.status;
    v.scope = d->scope();
  } catch (const Error& e) {
    throw Error(e.code(), "get " + v.name + ": " + e.what());
  }
  return v;
}

namespace {
std::string holder_id(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return "";
  auto s = fs::read_file(file);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}
}  // namespace

std::filesystem::path VolumeService::plugin_mount(const Volume& v, const std::filesystem::path& holder_file) {
  // The ID is written before Mount is called: a crash in between costs at worst one Unmount
  // the plugin did not need, never a Mount that nobody unmounts.
  std::string id = new_id();
  fs::write_file_atomic(holder_file, id + "\n", false);
  try {
    auto path = driver(v.driver)->mount(v.name, id);
    if (path.empty()) {  // mounted, but unusable: undo the Mount before failing
      try {
        driver(v.driver)->unmount(v.name, id);
      } catch (const Error&) {
      }
      throw Error(Errc::system, "VolumeDriver.Mount: no mountpoint returned");
    }
    return path;
  } catch (const Error& e) {
    std::error_code ec;
    std::filesystem::remove(holder_file, ec);
    throw Error(e.code(), "error while mounting volume '" + v.mountpoint.string() + "': " + e.what());
  }
}

void VolumeService::plugin_unmount(const Volume& v, const std::filesystem::path& holder_file) {
  std::string id = holder_id(holder_file);
  if (id.empty()) return;  // never mounted for this holder, or already let go
  std::error_code ec;
  try {
    driver(v.driver)->unmount(v.name, id);
  } catch (const Error&) {
    // Docker logs it and goes on: the container stops either way.
  }
  std::filesystem::remove(holder_file, ec);
}

bool VolumeService::plugin_fill(const Volume& v, const std::function<bool(const std::filesystem::path&)>& fill) {
  // Docker's CopyImagePathContent: Mount with a throwaway ID, copy if empty, Unmount.
  auto d = driver(v.driver);
  std::string id = new_id();
  std::filesystem::path path;
  try {
    path = d->mount(v.name, id);
  } catch (const Error& e) {
    throw Error(e.code(), "error while mounting volume '': " + std::string(e.what()));
  }
  bool done = false;
  try {
    std::error_code ec;
    done = !path.empty() && std::filesystem::is_empty(path, ec) && !ec && fill(path);
  } catch (...) {
    try {
      d->unmount(v.name, id);
    } catch (const Error&) {
    }
    throw;
  }
  d->unmount(v.name, id);
  return done;
}

}  // namespace strata::volume
