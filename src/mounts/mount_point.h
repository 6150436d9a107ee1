// Mounts of a container, in two forms:
//  - Request: one mount as the user asked for it (-v, --mount, --tmpfs), already checked
//    against Docker's rules (parse.h) but not yet tied to a volume.
//  - MountPoint: what a container keeps and what `start` mounts: the volume's name resolved,
//    the host source known. Stored per container (MountPointStore) and shown by `inspect`.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strata::mounts {

using Json = nlohmann::ordered_json;

enum class Type { bind, volume, tmpfs };
const char* type_name(Type t);  // "bind", "volume", "tmpfs"

struct Request {
  Type type = Type::volume;
  std::string source;       // volume name ("" for an anonymous volume) or absolute host path
  std::string destination;  // absolute, cleaned
  bool read_only = false;
  std::string mode;         // -v's mode as typed ("ro,nocopy"): inspect's Mode
  std::string propagation;  // binds only: "rprivate" unless given
  bool copy_data = true;    // volumes: copy the image's content into an empty volume
  bool create_source = false;  // -v binds: a missing host directory is made at start
  bool default_mode_z = false; // -v/--mount named volume: Docker shows Mode "z" when none given
  std::string volume_driver;   // "" = local
  std::map<std::string, std::string> volume_labels, volume_options;
  std::string tmpfs_data;   // tmpfs: "size=…,mode=…" as given
  std::string raw;          // the flag's value as typed (HostConfig.Binds / Tmpfs / Config.Volumes)
  Json api;                 // --mount: Docker's mount.Mount object (HostConfig.Mounts)
};

struct MountPoint {
  Type type = Type::volume;
  std::string name;         // volumes
  std::string source;       // host path: <root>/volumes/<name>/_data, the bind source; "" for tmpfs
  std::string destination;
  std::string driver;       // "local" for volumes
  std::string mode;
  bool rw = true;
  std::string propagation;
  bool copy_data = false;   // copy-on-first-mount still to do at create
  bool anonymous = false;   // the container's own volume: `rm -v` / `--rm` remove it
  bool create_source = false;
  std::vector<std::string> tmpfs_options;  // full option list for the tmpfs mount
};

// Storage form (all fields) and back.
Json to_json(const MountPoint& m);
MountPoint from_json(const Json& j);
// Docker's `inspect` Mounts entry: Type, Name, Source, Destination, Driver, Mode, RW, Propagation.
Json docker_json(const MountPoint& m);

// mount(2)/OCI options for `start`: bind → {"rbind", propagation, "rw"|"ro" (+ "rro")};
// tmpfs → tmpfs_options.
std::vector<std::string> oci_options(const MountPoint& m);

// Parents before children (fewer path components first), stable otherwise: the order mounts
// must be made in so a volume inside another lands on top of it.
void sort_for_mounting(std::vector<MountPoint>& points);

}  // namespace strata::mounts
