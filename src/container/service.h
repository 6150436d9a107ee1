// Container operations with Docker's rules: create, start, stop, kill, rm,
// wait, exec, logs, diff, inspect. One object per engine; every method is
// safe to call from several strata processes at once.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/paths.h"
#include "container/container_store.h"
#include "container/restart_policy.h"

namespace strata::store {
class Db;
}
namespace strata::graphdriver {
class Overlay2;
}
namespace strata::volume {
class VolumeService;
}
namespace strata::image {
class ImageService;
}
namespace strata::runtime {
class Runtime;
class AttachSession;
}

namespace strata::container {

struct CreateOptions {
  std::string image;                                   // reference as typed
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> cmd;         // args after the image
  std::optional<std::string> entrypoint;               // --entrypoint ("" resets)
  std::vector<std::string> env;                        // KEY=VALUE
  std::map<std::string, std::string> labels;           // -l/--label, over the image's labels
  std::optional<std::string> workdir, user, hostname;
  bool tty = false, stdin_open = false, auto_remove = false, read_only = false;
  bool attach = false;                                 // foreground run/create -a
  std::string network = "host";                        // host | none
  std::string restart = "no";                          // --restart as typed
  // -v, --mount, --tmpfs, --volumes-from as typed (parsed by mounts/ with Docker's rules).
  std::vector<std::string> volumes, mounts, tmpfs, volumes_from;
  std::string volume_driver;  // --volume-driver: for -v volumes and the image's VOLUMEs ("" = local)
};

struct CopyOptions;
struct ListOptions;
struct RootView;

// commit (container/commit.cpp).
struct CommitOptions {
  std::vector<std::string> changes;  // -c/--change Dockerfile instructions
  std::string author, message;       // -a, -m
  bool pause = true;                 // --pause (Docker's default): frozen while its layer is copied
  std::string reference;             // REPO[:TAG], "" for none
};

struct ExecOptions {
  std::vector<std::string> cmd;
  std::vector<std::string> env;
  std::optional<std::string> workdir, user;
  bool tty = false, interactive = false, detach = false;
};

class ContainerService {
 public:
  struct Deps {
    Paths paths;
    store::Db& db;
    graphdriver::Overlay2& driver;
    image::ImageService& images;
    runtime::Runtime& runtime;
    std::vector<std::string> exit_command;  // strata … container cleanup (ID appended)
    volume::VolumeService& volumes;
  };
  explicit ContainerService(Deps d) : d_(std::move(d)), store_(d_.db) {}

  Container create(const CreateOptions& o);
  // Mounts and creates the container process, paused before its command
  // runs; returns the monitor's state dir. start_process() lets it run, so a
  // caller can attach in between and miss no output.
  // A foreground caller (attached run/start) records the exit itself with
  // wait(); a detached container's monitor runs `container cleanup`.
  // A start by the restart policy (`by` set) counts a restart and returns ""
  // when the policy no longer wants one; a user's start resets the count.
  std::filesystem::path prepare_start(const std::string& ref, bool foreground = false,
                                      std::optional<RestartWhen> by = std::nullopt);
  void start_process(const std::filesystem::path& state_dir);
  void start(const std::string& ref);  // prepare + start_process
  // Connects to a running or prepared container's monitor.
  std::unique_ptr<runtime::AttachSession> attach(const std::filesystem::path& state_dir);
  void stop(const std::string& ref, std::optional<int> timeout_s);
  void kill(const std::string& ref, const std::string& signal);
  void restart(const std::string& ref, std::optional<int> timeout_s);
  // Freezes / thaws every process of a running container (cgroup freezer), as Docker's pause.
  void pause(const std::string& ref);
  void unpause(const std::string& ref);
  // `top`: the host's `ps` (with `ps_args`, default -ef) limited to the container's processes,
  // as Docker's ContainerTop: titles, then one row of fields per process (the last one whole).
  struct TopResult {
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> processes;
  };
  TopResult top(const std::string& ref, const std::vector<std::string>& ps_args);
  // Returns the container's ID; force kills a running one first.
  // With remove_volumes (rm -v), the container's anonymous volumes go too, unless another
  // container uses them; named volumes always stay.
  std::string remove(const std::string& ref, bool force, bool remove_volumes = false);
  int wait(const std::string& ref);
  // rename OLD NEW (container/names.cpp): Docker's checks and texts; returns the ID.
  std::string rename(const std::string& ref, const std::string& new_name);
  int exec(const std::string& ref, const ExecOptions& o);
  // Streams the json-file log: out(stream, text) with stream "stdout"/"stderr".
  // logs (container/logs.cpp): the last `tail` entries (-1: all) written in [since, until].
  struct LogOptions {
    bool follow = false, timestamps = false;
    long tail = -1;
    std::optional<std::chrono::system_clock::time_point> since, until;
  };
  void logs(const std::string& ref, const LogOptions& o,
            const std::function<void(const std::string&, const std::string&, const std::string&)>& out);
  void diff(const std::string& ref, const std::function<void(char, std::string_view)>& out);
  nlohmann::ordered_json inspect(const std::string& ref);
  // commit: the container's writable layer as a new image on its image, config from the
  // container's with the changes applied; returns the image ID (container/commit.cpp).
  std::string commit(const std::string& ref, const CommitOptions& o);
  // export: the container's filesystem, without its volumes, as one flat tar on `fd`.
  void export_rootfs(const std::string& ref, int fd);
  // cp (container/copy.cpp): `docker cp SRC DST` where one side is CONTAINER:PATH; "-" reads or
  // writes a tar on o.in_fd / o.out_fd.
  void copy(const std::string& src, const std::string& dst, const CopyOptions& o);
  void copy_from(const std::string& ref, const std::string& src, const std::string& dest, const CopyOptions& o);
  void copy_to(const std::string& ref, const std::string& src, const std::string& dest, const CopyOptions& o);
  // Runs fn with the container's filesystem as its processes see it (container/copy_mount.h),
  // holding the container's lock; a stopped container's rootfs is mounted for the call only.
  // Without `with_mounts` only the rootfs is there (a build's COPY writes into its layer).
  void with_rootfs(const std::string& ref, const std::function<void(const Container&, RootView&)>& fn,
                   bool with_mounts = true);

  // Current view of one or all containers, monitor deaths accounted for.
  Container get(const std::string& ref);
  std::optional<Container> get_if(const std::string& ref);
  std::vector<Container> list();
  // ps's selection: -a, -n, -l, --filter (container/list_filter.*).
  std::vector<Container> list(const ListOptions& o);
  // ps -s / inspect -s: the writable layer's content, and that plus the image's layers.
  struct Size {
    int64_t rw = 0, root_fs = 0;
  };
  Size size(const Container& c);
  // container prune (container/prune.cpp): the stopped containers matching `filters`
  // (until=, label=, label!=) are removed; returns their IDs and the bytes their layers held.
  struct Pruned {
    std::vector<std::string> ids;
    int64_t reclaimed = 0;
  };
  Pruned prune(const std::vector<std::string>& filters);
  // inspect's Mounts array of one container.
  nlohmann::ordered_json mounts(const Container& c);
  // Called by the monitor's exit command, and by a foreground run/start -a once the monitor
  // reports the exit: records the exit, unmounts, and removes an --rm container.
  // When its restart policy wants it back, hands it to a detached
  // `container autorestart` (the monitor is still running until this returns).
  void on_exit(const std::string& id);
  // Waits out the monitor and Docker's back-off, then starts the container if
  // its policy still wants it (restart_policy.h).
  void auto_restart(const std::string& id);
  // After a reboot (no daemon brings them back): starts every container whose
  // policy wants it; report(name, error) for each, error "" on success.
  void start_restartable(const std::function<void(const std::string&, const std::string&)>& report);
  std::filesystem::path state_dir(const Container& c) const { return d_.paths.container_run_dir(c.id); }

 private:
  // Returns false when the container was an --rm one and is now gone.
  bool reconcile(Container& c);
  void mark_manually_stopped(const std::string& id);
  void thaw_if_frozen(const Container& c);
  void finalize(Container& c, int exit_code, const std::string& finished_at, const std::string& error);
  void remove_files(const Container& c, bool remove_volumes = false);
  // Rewrites the layer's `link`/`lower` files if a power cut emptied them (create does not fsync
  // them: the records here are the truth). Call before mounting or reading the layer.
  void repair_layer(const Container& c);
  bool wait_exit(const Container& c, std::chrono::milliseconds timeout);

  Deps d_;
  ContainerStore store_;
};

// "KILL", "SIGKILL", "9" -> 9; throws invalid_argument "Invalid signal: X".
int parse_signal(const std::string& s);

}  // namespace strata::container
