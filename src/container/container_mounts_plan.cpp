// create: the mounts a new container asks for, in Docker's order of precedence —
// --volumes-from, then -v with a source (binds and named volumes), then --mount, then the
// anonymous volumes (-v /path and the image's VOLUME) where nothing else is mounted.
#include <filesystem>
#include <map>
#include <set>

#include "common/error.h"
#include "common/id.h"
#include "container/container_mounts.h"
#include "container/container_store.h"
#include "container/service.h"
#include "mounts/mount_point_store.h"
#include "mounts/parse.h"
#include "mounts/rules.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata::container {

namespace {
using mounts::MountPoint;
using mounts::Type;

struct Planner {
  MountPlan plan;
  std::map<std::string, size_t> at;   // destination -> index in plan.mounts
  std::set<std::string> explicit_;    // destinations of -v and --mount: a second one is an error
  std::set<std::string> tmpfs;

  void put(PlannedMount pm) {
    if (pm.volume) volume::VolumeService::validate(*pm.volume);
    auto [it, fresh] = at.try_emplace(pm.point.destination, plan.mounts.size());
    if (fresh) plan.mounts.push_back(std::move(pm));
    else plan.mounts[it->second] = std::move(pm);
  }
  void claim(const std::string& dest, const std::string& shown) {
    if (explicit_.count(dest) || tmpfs.count(dest)) throw Error(Errc::invalid_argument, "Duplicate mount point: " + shown);
    explicit_.insert(dest);
  }
};

// `driver`: --volume-driver, for -v volumes and the image's VOLUMEs (Docker's ParseMountRaw);
// --mount names its own (volume-driver=).
PlannedMount from_request(const mounts::Request& r, const std::string& driver = "") {
  PlannedMount pm;
  MountPoint& m = pm.point;
  m.type = r.type;
  m.destination = r.destination;
  m.rw = !r.read_only;
  m.mode = r.mode.empty() && r.default_mode_z ? "z" : r.mode;
  m.propagation = r.propagation;
  m.create_source = r.create_source;
  if (r.type == Type::bind) m.source = r.source;
  if (r.type == Type::tmpfs) m.tmpfs_options = mounts::merge_tmpfs_options(mounts::split(r.tmpfs_data, ','));
  if (r.type == Type::volume) {
    m.anonymous = r.source.empty();
    m.name = m.anonymous ? new_id() : r.source;
    m.driver = "local";
    m.copy_data = r.copy_data;
    pm.volume = volume::CreateOptions{.name = m.name,
                                      .anonymous = m.anonymous,
                                      .driver = r.volume_driver.empty() ? driver : r.volume_driver,
                                      .labels = r.volume_labels,
                                      .options = r.volume_options};
  }
  return pm;
}

PlannedMount anonymous_at(const std::string& dest, const std::string& driver) {
  mounts::Request r;
  r.destination = dest;
  return from_request(r, driver);
}
}  // namespace

MountPlan plan_mounts(const CreateOptions& o, const Json& image_volumes, store::Db& db) {
  // Everything typed is parsed before any lookup, so a typo fails first.
  std::vector<mounts::Request> vols, mnts, tmpfs;
  std::vector<mounts::VolumesFrom> from;
  for (auto& s : o.volumes) vols.push_back(mounts::parse_volume(s));
  for (auto& s : o.mounts) mnts.push_back(mounts::parse_mount(s));
  for (auto& s : o.tmpfs) tmpfs.push_back(mounts::parse_tmpfs(s));
  for (auto& s : o.volumes_from) from.push_back(mounts::parse_volumes_from(s));

  Planner p;
  for (auto& t : tmpfs) {
    mounts::merge_tmpfs_options(mounts::split(t.tmpfs_data, ','));
    p.tmpfs.insert(t.destination);
    p.plan.tmpfs[t.destination] = t.tmpfs_data;
  }
  ContainerStore containers(db);
  mounts::MountPointStore points(db);
  for (size_t i = 0; i < from.size(); ++i) {
    auto src = containers.find(from[i].container);
    if (!src) throw Error(Errc::not_found, "No such container: " + from[i].container);
    for (auto m : points.list(src->id)) {
      m.rw = m.rw && from[i].rw;
      m.mode = "";
      m.copy_data = false;
      p.put({m, std::nullopt});
    }
    p.plan.volumes_from.push_back(o.volumes_from[i]);
  }
  std::vector<std::string> anonymous;
  for (auto& r : vols) {
    if (r.source.empty()) {
      p.plan.config_volumes[r.raw] = Json::object();
      anonymous.push_back(r.destination);
      continue;
    }
    p.claim(r.destination, r.destination);
    // As Docker's client records it: "./dir" and "." made absolute, the rest as typed.
    auto colon = r.raw.find(':');
    std::string host = r.raw.substr(0, colon);
    if (host == "." || host.rfind("./", 0) == 0) host = mounts::clean_path(std::filesystem::current_path().string() + "/" + host);
    p.plan.binds.push_back(host + r.raw.substr(colon));
    p.put(from_request(r, o.volume_driver));
  }
  for (auto& r : mnts) {
    p.claim(r.destination, r.api.value("Target", r.destination));
    p.plan.mounts_api.push_back(r.api);
    p.put(from_request(r));
  }
  if (image_volumes.is_object())
    for (auto& [k, v] : image_volumes.items()) {
      if (!p.plan.config_volumes.contains(k)) anonymous.push_back(mounts::clean_path(k));
      p.plan.config_volumes[k] = v;
    }
  for (auto& dest : anonymous)
    if (!p.at.count(dest) && !p.tmpfs.count(dest)) p.put(anonymous_at(dest, o.volume_driver));
  return p.plan;
}

std::vector<MountPoint> make_mounts(MountPlan& plan, const std::string& id, store::Db& db,
                                    volume::VolumeService& volumes, std::vector<std::string>& made) {
  std::vector<MountPoint> out;
  for (auto& pm : plan.mounts) {
    MountPoint m = pm.point;
    if (m.type == Type::volume) {
      volume::Volume v;
      if (pm.volume) {
        auto [found, fresh] = volumes.ensure(*pm.volume);
        if (fresh) made.push_back(found.name);
        v = found;
      } else {
        v = volumes.get(m.name);  // from --volumes-from: in use, so it exists
      }
      m.name = v.name;
      m.source = v.mountpoint.string();
      m.driver = v.driver;
    }
    out.push_back(m);
  }
  mounts::MountPointStore(db).insert(id, out);
  return out;
}

}  // namespace strata::container
