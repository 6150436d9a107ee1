// The mount flags of run/create, parsed with Docker's rules and error texts
// (docker/cli opts/mount.go and compose's ParseVolume for the client-side checks,
// moby volume/mounts/linux_parser.go for the daemon's). Pure: nothing is made, except
// that --mount checks a bind source exists, as Docker's daemon does at create.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "mounts/mount_point.h"

namespace strata::mounts {

// -v/--volume: NAME:/path[:mode], /host:/path[:mode], /path. Throws invalid_argument.
Request parse_volume(const std::string& raw);
// --mount type=volume|bind|tmpfs,source=…,target=…,readonly,volume-nocopy,volume-opt=k=v,
// volume-label=k=v,volume-driver=…,tmpfs-size=…,tmpfs-mode=…,bind-propagation=…
Request parse_mount(const std::string& raw);
// --tmpfs /path[:options]
Request parse_tmpfs(const std::string& raw);

struct VolumesFrom {
  std::string container;
  bool rw = true;  // false with :ro
};
// --volumes-from CONTAINER[:ro|rw]; propagation and copy modes are refused ("invalid mode: nocopy").
VolumesFrom parse_volumes_from(const std::string& raw);

// Docker's size strings (go-units RAMInBytes): "64m", "1g", "512k", "100" (bytes), "1.5GB".
// Returns nullopt when not a size.
std::optional<int64_t> ram_in_bytes(const std::string& s);

}  // namespace strata::mounts
