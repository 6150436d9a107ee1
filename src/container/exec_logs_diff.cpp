// exec and diff: read-mostly operations on one container (logs: container/logs.cpp).

#include "common/error.h"
#include "container/service.h"
#include "graphdriver/changes.h"
#include "graphdriver/overlay2.h"
#include "runtime/exec_lookup.h"
#include "runtime/runtime.h"
#include "runtime/spec.h"

namespace strata::container {

int ContainerService::exec(const std::string& ref, const ExecOptions& o) {
  Container c = get(ref);
  if (!c.state.running) throw Error(Errc::conflict, "Container " + c.id + " is not running");
  if (c.state.paused)
    throw Error(Errc::conflict, "Container " + ref + " is paused, unpause the container before exec");  // Docker: as named
  if (o.cmd.empty()) throw Error(Errc::invalid_argument, "No exec command specified");
  runtime::ExecSpec spec;
  spec.args = o.cmd;
  if (o.tty) spec.env.push_back("TERM=xterm");
  for (auto& e : o.env) spec.env.push_back(e);
  spec.cwd = o.workdir.value_or("");
  spec.tty = o.tty;
  spec.detach = o.detach;
  runtime::ProcessSpec user;
  runtime::resolve_user(d_.driver.paths(c.mount_id).merged_dir, o.user.value_or(c.config.value("User", "")), user);
  spec.uid = user.uid;
  spec.gid = user.gid;
  spec.additional_gids = user.additional_gids;
  spec.bundle = d_.paths.container_dir(c.id);  // as start gave it to the runtime
  // The process's environment as runc will build it: the container's, then the exec's.
  std::vector<std::string> env;
  for (auto& e : c.config["Env"]) env.push_back(e.get<std::string>());
  env.insert(env.end(), spec.env.begin(), spec.env.end());
  std::string cwd = spec.cwd.empty() ? c.config.value("WorkingDir", "") : spec.cwd;
  auto root = "/proc/" + std::to_string(c.state.pid) + "/root";  // with its volumes mounted
  if (auto err = runtime::exec_lookup_error(root, spec.args[0], env, cwd); !err.empty())
    throw Error(Errc::cannot_invoke, "OCI runtime exec failed: exec failed: unable to start container process: " + err +
                                         ": unknown");
  return d_.runtime.exec(c.id, spec);
}

void ContainerService::diff(const std::string& ref, const std::function<void(char, std::string_view)>& out) {
  Container c = get(ref);
  repair_layer(c);
  graphdriver::walk_changes(d_.driver.diff_dir(c.mount_id), d_.driver.lower_dirs(c.mount_id), out);
}

}  // namespace strata::container
