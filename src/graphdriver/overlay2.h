// The overlay2 storage driver, with Docker's on-disk layout under `home` (<root>/overlay2):
//   <id>/diff/     layer content (overlay whiteouts: 0/0 char devices, trusted.overlay.opaque=y dirs)
//   <id>/link      26-char short name [A-Z0-9]; home/l/<link> -> ../<id>/diff keeps mount options short
//   <id>/lower     "l/<parent link>:l/<grandparent link>:...", uppermost first; absent for a base layer
//   <id>/work/     overlay workdir, only for read-write (container) layers
//   <id>/merged/   mount point, exists only while mounted
//   <id>/committed empty marker written into a layer's dir when a child is created on it
// Every multi-step create builds its directory as home/.tmp-<...> and renames it into place last,
// so a crash leaves either no layer or a whole one; leftovers are removed by cleanup_temp().
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace strata::graphdriver {

// Overlayfs stacks at most 500 lower layers (OVL_MAX_STACK). A container uses one for its init
// layer, so an image may be at most 499 layers deep; commit_layer refuses deeper stacks.
constexpr size_t kMaxLowers = 500;

struct LayerPaths {
  std::string lower_dir;  // absolute diff dirs joined by ':' uppermost first, "" for a base layer
  std::string upper_dir, work_dir, merged_dir;
};

struct MountOptions {
  bool volatile_upper = false;  // overlay 'volatile': no syncs at all (--rm containers)
  bool read_only = false;       // superblock mounted 'ro' (upper/work kept, so diff still works)
};

// The mount syscalls, behind an interface so tests can inject faults.
class Mounter {
 public:
  virtual ~Mounter() = default;
  // Mounts an overlay with `options` ("lowerdir=l/A:l/B,upperdir=<id>/diff,..."), whose relative
  // paths are resolved against `home`, on the absolute `target`. Throws strata::Error.
  virtual void mount_overlay(const std::filesystem::path& home, const std::string& options,
                             const std::filesystem::path& target) = 0;
  // Detaches the mount at `target` (MNT_DETACH); a target that is not mounted is not an error.
  virtual void unmount(const std::filesystem::path& target) = 0;
};

// The real thing: mount(2) from a thread with its own cwd (= home) when the options fit in a page,
// else the new mount API (fsopen + one fsconfig "lowerdir+" per layer, Linux 6.8+).
std::unique_ptr<Mounter> make_kernel_mounter();

class Overlay2 {
 public:
  explicit Overlay2(std::filesystem::path home, std::unique_ptr<Mounter> m = make_kernel_mounter());

  // Image layers: new_layer_dir() makes home/.tmp-layer-<rand> with an empty diff/; the caller
  // extracts into <it>/diff, then commit_layer() makes it layer `id` on top of `parent` ("" = base).
  // If `id` already exists (the same content imported twice), `tmp` is discarded: not an error.
  // Throws not_found for a missing parent, invalid_argument for a bad id or a stack too deep;
  // on any failure `tmp` is discarded.
  std::filesystem::path new_layer_dir();
  void commit_layer(const std::filesystem::path& tmp, const std::string& id, const std::string& parent);
  bool exists(const std::string& id) const;
  // Removes l/<link> and <id> (renamed away first, so it vanishes atomically); a missing layer is
  // fine. Throws conflict if the layer is mounted.
  void remove(const std::string& id);
  // As remove(), but the renamed-away directory is returned ("" if there was no layer), for the
  // caller to delete together with other trees in one fs::remove_trees().
  std::filesystem::path detach(const std::string& id);

  // Container layers: `<id>-init` on `image_top` ("" for an empty image) holding Docker's init
  // files (/.dockerenv, /etc/{hosts,hostname,resolv.conf}, /etc/mtab, /dev/{console,pts,shm},
  // /proc, /sys), written directly into its diff, and read-write `<id>` on top of it.
  // Throws conflict if either exists, not_found if image_top does not.
  // Their `link` and `lower` files are not fsynced (four fsyncs were most of a `create` under I/O
  // load): the metadata store is the source of truth, and repair_rw() rewrites them.
  void create_rw(const std::string& id, const std::string& image_top);
  // After a power cut an unsynced `link` or `lower` of a container layer may be empty or missing
  // (Docker's "too many levels of symbolic links", moby#42964). Rewrites them from what they must
  // be: `link` from the l/ symlink that names the layer (a new one if that is gone too), `lower`
  // from `image_top`, as create_rw() made them; repairs are fsynced. Cheap when all is well (a
  // few small reads): call it before mounting. Returns true if something was rewritten. Throws
  // not_found if either layer is missing.
  bool repair_rw(const std::string& id, const std::string& image_top);
  void remove_rw(const std::string& id);  // <id> and <id>-init, deleted together

  // Mounts layer `id` on <id>/merged and returns that path; already mounted: returns it. A layer
  // without work/ (an image layer) is mounted read-only, except a base layer, which overlayfs
  // cannot mount alone: its diff dir is returned (Docker's Get), to be treated as read-only.
  // On failure nothing is left behind.
  std::filesystem::path mount(const std::string& id, const MountOptions& o = {});
  // MNT_DETACH, then rmdir merged (so mounts leaked into other namespaces go too); idempotent.
  void unmount(const std::string& id);

  LayerPaths paths(const std::string& id) const;  // for `inspect` GraphDriver.Data
  // The diff dirs below layer `id`, uppermost first (its `lower` file resolved through l/).
  std::vector<std::filesystem::path> lower_dirs(const std::string& id) const;
  std::filesystem::path diff_dir(const std::string& id) const;
  const std::filesystem::path& home() const { return home_; }

  // Removes leftovers of interrupted operations: home/.tmp-* and dangling l/ links. Call it only
  // when no create/remove runs concurrently (at startup, under the store lock).
  void cleanup_temp();

 private:
  std::filesystem::path dir(const std::string& id) const;  // validates id
  // The `lower` content of a new child of `parent` ("" for a base layer). Throws not_found for a
  // missing parent, invalid_argument when the child would have more than max_lowers lowers.
  std::string lower_for_child(const std::string& parent, size_t max_lowers) const;
  std::string new_link_to(const std::string& id);  // makes l/<new link> -> ../<id>/diff
  // The layer's valid link name, rewriting `link` (and *fixed = true) if it is not.
  std::string ensure_link(const std::string& id, bool& fixed);
  // Writes tmp/link and tmp/lower (unsynced: their paths are added to *to_sync), marks the parent.
  void write_meta(const std::filesystem::path& tmp, const std::string& link, const std::string& lower,
                  const std::string& parent, std::vector<std::filesystem::path>* to_sync);
  bool rename_into_place(const std::filesystem::path& tmp, const std::string& id);  // false: id exists

  std::filesystem::path home_;
  std::unique_ptr<Mounter> mounter_;
  std::string option_prefix_;  // "index=off," etc., from the overlay module's defaults
};

}  // namespace strata::graphdriver
