// A container as the store keeps it: Docker's Config and HostConfig as JSON
// (so inspect shows Docker's field names), and its State.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace strata::container {

using Json = nlohmann::ordered_json;

struct State {
  std::string status = "created";  // created | running | exited | dead
  bool running = false;
  bool paused = false;  // frozen by `pause` (cgroup freezer); still running
  int pid = 0;
  int exit_code = 0;
  std::string error;
  std::string started_at = "0001-01-01T00:00:00Z";
  std::string finished_at = "0001-01-01T00:00:00Z";
  // Kept in the record, not in Docker's State object (inspect shows RestartCount beside it).
  int restart_count = 0;          // restarts by the restart policy since the user last started it
  bool manually_stopped = false;  // stop/kill by the user (Docker's HasBeenManuallyStopped)
};

struct Container {
  std::string id;        // 64 hex
  std::string name;      // without the leading '/'
  std::string image_id;  // sha256:…
  std::string mount_id;  // overlay2 directory of the writable layer
  std::string created;   // RFC 3339 nano
  Json config;           // Docker's Config: Image, Cmd, Entrypoint, Env, Tty, …
  Json host_config;      // Docker's HostConfig: AutoRemove, NetworkMode, …
  State state;
};

Json state_to_json(const State& s);    // Docker's State object
// Docker's State.String() as `ps` and `system df -v` show it: "Up 2 minutes (Paused)",
// "Exited (3) 5 seconds ago", "Created".
std::string status_text(const State& s);
Json state_to_record(const State& s);  // as stored: with RestartCount, HasBeenManuallyStopped
State state_from_json(const Json& j);  // reads either

}  // namespace strata::container
