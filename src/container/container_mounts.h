// A container's volumes, binds and tmpfs mounts through its life, with Docker's rules
// (daemon/volumes.go registerMountPoints, create_unix.go, oci_linux.go):
//   create: plan_mounts() parses and checks everything (nothing is made for bad input), then
//           make_mounts() creates the volumes and records the mount points inside create's
//           transaction, and fill_volumes() copies the image's content into empty volumes;
//   start:  start_mounts() takes the volumes (mounting driver-backed ones), makes each mount
//           point in the container's writable layer (resolved in its root) and returns the
//           OCI mounts; release_mounts() lets the volumes go when the container stops.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "container/container.h"
#include "mounts/mount_point.h"
#include "runtime/spec.h"
#include "volume/volume.h"

namespace strata::store {
class Db;
}
namespace strata::volume {
class VolumeService;
}
namespace strata::graphdriver {
class Overlay2;
}

namespace strata::container {

struct CreateOptions;

struct PlannedMount {
  mounts::MountPoint point;
  std::optional<volume::CreateOptions> volume;  // volume mounts: made (or found) at create
};

struct MountPlan {
  std::vector<PlannedMount> mounts;
  Json binds, mounts_api, tmpfs, volumes_from;  // HostConfig: Binds, Mounts, Tmpfs, VolumesFrom
  Json config_volumes;                          // Config.Volumes: anonymous -v and the image's VOLUME
};

// Throws Docker's errors: parsing, "Duplicate mount point: /x", "No such container: c" for
// --volumes-from, volume name/option/driver errors. Anonymous volumes get their names here.
MountPlan plan_mounts(const CreateOptions& o, const Json& image_volumes, store::Db& db);
// Inside create's transaction: makes or finds each volume, sets the points' sources, records
// them. `made` gets the volumes made now (to discard if the transaction fails).
std::vector<mounts::MountPoint> make_mounts(MountPlan& plan, const std::string& container_id, store::Db& db,
                                            volume::VolumeService& volumes, std::vector<std::string>& made);
// Copy-on-first-mount for the volume points that ask for it, from the container's filesystem
// (layer `mount_id`, mounted read-only for the copy when some point needs it).
void fill_volumes(const std::vector<mounts::MountPoint>& points, graphdriver::Overlay2& driver,
                  const std::string& mount_id, volume::VolumeService& volumes);

std::vector<mounts::MountPoint> mount_points(store::Db& db, const std::string& container_id);
// Start: holds the volumes for `c`, makes the mount points under `rootfs`, returns the mounts
// in mounting order (parents first). On failure, what was held is released.
std::vector<runtime::MountSpec> start_mounts(const Container& c, const std::filesystem::path& rootfs, store::Db& db,
                                             volume::VolumeService& volumes);
// Adds a container's mounts to the default ones (hosts, hostname, resolv.conf binds): one of
// those at the same destination is dropped, and all are ordered parents first (Docker).
void add_mounts(std::vector<runtime::MountSpec>& to, std::vector<runtime::MountSpec> mounts);
void release_mounts(const Container& c, store::Db& db, volume::VolumeService& volumes);
// The anonymous volumes of a container (for rm -v and --rm).
std::vector<std::string> anonymous_volumes(store::Db& db, const std::string& container_id);
// inspect's Mounts.
Json inspect_mounts(store::Db& db, const std::string& container_id);

}  // namespace strata::container
