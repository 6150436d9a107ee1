// Volumes with Docker's rules: create (named or anonymous), inspect, list with filters, rm
// refused while any container (running or stopped) uses the volume, prune of unused ones,
// and the local driver's mounts for volumes made with --opt type/device/o.
//
// Crash safety: a volume's record and its directory change together. create builds
// <root>/tmp/volume-<rand>/{_data,opts.json} and renames it to volumes/<name> inside the
// transaction that inserts the record; rm deletes the record first, then moves the directory
// to <root>/tmp and deletes it. A crash leaves at worst a directory with no record (never a
// record without its directory), which the next create of that name replaces. A volume's
// _data is only ever deleted by rm/prune (or rm -v / --rm of an anonymous volume).
//
// A volume whose driver is a plugin (volume_driver.h) has only its record here: the plugin
// keeps the data. create calls the plugin's Create before the record is committed (and Remove
// if the record's transaction fails: discard()); rm calls Remove inside the transaction that
// deletes the record, so a refusal by the plugin keeps the record.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/paths.h"
#include "store/journal.h"
#include "volume/volume.h"
#include "volume/volume_driver.h"
#include "volume/volume_store.h"

namespace strata::volume {

// `--filter key=value` of volume ls / prune, already split.
using Filters = std::multimap<std::string, std::string>;
// "key=value" -> (key, value); throws "bad format of filter (expected name=value)".
std::pair<std::string, std::string> parse_filter(const std::string& f);

// Bytes under `dir` as Docker's directory.Size counts them: regular files and symlinks by
// size, hard links once, directories nothing. Used for volumes and containers' layers.
int64_t directory_size(const std::filesystem::path& dir);

class VolumeService {
 public:
  VolumeService(Paths paths, store::Db& db);

  // `volume create`: an existing name is returned as it is (Docker). Validates everything
  // before anything is made.
  Volume create(const CreateOptions& o);
  // For a container being created: call inside its transaction. Returns the volume and
  // whether it was made now; if the transaction is to fail, discard() the ones made now
  // before it rolls back (while its lock keeps anyone else from making that name).
  std::pair<Volume, bool> ensure(const CreateOptions& o);
  void discard(const std::string& name);
  // Checks done by ensure() before anything is made (name, the local driver's options); a
  // plugin driver is looked up by ensure() itself.
  static void validate(const CreateOptions& o);

  // Volume plugins: found by `lookup` (default: plugin_lookup(run root)); tests inject a fake.
  void set_driver_lookup(DriverLookup lookup) { lookup_ = std::move(lookup); }
  std::shared_ptr<VolumeDriver> driver(const std::string& name) { return lookup_(name); }
  // For inspect: a plugin volume's Mountpoint, CreatedAt and Status from its Get, Scope from
  // its Capabilities (Docker: CreatedAt is the zero time when the plugin gives none).
  Volume describe(Volume v);

  std::optional<Volume> find(const std::string& name) { return store_.find(name); }
  Volume get(const std::string& name);  // "get NAME: no such volume"
  // `volume ls`: Docker's filters name (regexp), label (k or k=v, all must match),
  // driver, dangling (true/false/1/0). Natural name order.
  std::vector<Volume> list(const Filters& f = {});
  std::vector<std::string> users(const std::string& name) { return store_.users(name); }
  // `volume rm`: "remove NAME: volume is in use - [ID, ID]"; a missing volume is an error
  // ("get NAME: no such volume") unless force.
  void remove(const std::string& name, bool force);
  // `rm -v`, `--rm`: removes an anonymous volume if no container uses it any more.
  void remove_if_unused(const std::string& name);

  // `volume prune`: unused plugin volumes and local ones without driver options (a plugin
  // refusing its Remove keeps its volume, as Docker logs and goes on), anonymous ones only unless
  // `all`; filters label, label! (and all=true). candidates() is what a prompt lists;
  // prune() removes those still unused and returns {names removed, bytes reclaimed}.
  std::vector<Volume> prune_candidates(bool all, const Filters& f);
  std::pair<std::vector<std::string>, int64_t> prune(const std::vector<Volume>& candidates);

  // Bytes in the volume's _data (regular files, hard links once), as Docker counts.
  int64_t size(const Volume& v);

  // Holders: the running containers using a volume, as files <run root>/volumes/<name>/<holder>
  // changed under an flock of that directory, so concurrent strata processes agree. The first
  // holder of a volume made with driver options mounts it (mount(2) of its device on _data),
  // the last one out unmounts it; plain volumes need no mount.
  // A plugin's volume is mounted for each holder: Mount(name, ID) with a new random ID kept
  // in the holder's file, Unmount(name, same ID) when that holder lets go — once per Mount.
  // mount() returns the host path to bind into the container.
  std::filesystem::path mount(const Volume& v, const std::string& holder);
  void unmount(const Volume& v, const std::string& holder);
  // Copy-on-first-mount into an empty volume: fill(dir) writes the content into an empty dir.
  // With no holder, the copy is made aside and renamed over the empty _data (a crash leaves the
  // volume empty, never half-filled); while a running container holds the volume, or it is
  // mounted by its driver, the copy goes straight into _data, as Docker does. Returns false if
  // the volume was not empty.
  bool fill_if_empty(const Volume& v, const std::function<bool(const std::filesystem::path&)>& fill);

  const Paths& paths() const { return paths_; }

 private:
  Volume make(const CreateOptions& o);  // record + directory, in the caller's transaction
  void make_plugin_volume(Volume& v, const StringMap& opts);
  std::filesystem::path plugin_mount(const Volume& v, const std::filesystem::path& holder_file);
  void plugin_unmount(const Volume& v, const std::filesystem::path& holder_file);
  bool plugin_fill(const Volume& v, const std::function<bool(const std::filesystem::path&)>& fill);
  void delete_dir(const std::string& name);
  std::filesystem::path move_aside(const std::string& name);  // "" when there was nothing
  void purge(const std::filesystem::path& trash, const std::string& name);
  std::filesystem::path holders_dir(const std::string& name) const;

  Paths paths_;
  store::Db& db_;
  VolumeStore store_;
  DriverLookup lookup_;
  std::optional<store::Journal::Intent> rm_intent_;  // see remove()
};

}  // namespace strata::volume
