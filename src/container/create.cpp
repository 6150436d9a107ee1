#include <chrono>

#include "common/error.h"
#include "common/fault.h"
#include "common/fs.h"
#include "common/id.h"
#include "container/container_mounts.h"
#include "container/names.h"
#include "container/restart_policy.h"
#include "container/service.h"
#include "format/human.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata::container {

namespace {
Json string_array(const std::vector<std::string>& v) { return Json(v); }

Json build_config(const CreateOptions& o, const Json& img, const std::string& hostname) {
  Json cfg;
  Json entry = img.value("Entrypoint", Json());
  Json cmd = img.value("Cmd", Json());
  if (o.entrypoint) {
    entry = o.entrypoint->empty() ? Json() : Json::array({*o.entrypoint});
    cmd = Json();  // an overridden entrypoint drops the image's CMD (Docker)
  }
  if (o.cmd && !o.cmd->empty()) cmd = string_array(*o.cmd);
  if (entry.is_array() && entry.empty()) entry = Json();
  if ((entry.is_null() || entry.empty()) && (cmd.is_null() || cmd.empty()))
    throw Error(Errc::invalid_argument, "No command specified");
  Json env = img.value("Env", Json::array());
  for (auto& e : o.env) {
    auto key = e.substr(0, e.find('='));
    bool replaced = false;
    for (auto& x : env)
      if (x.get<std::string>().substr(0, x.get<std::string>().find('=')) == key) x = e, replaced = true;
    if (!replaced) env.push_back(e);
  }
  cfg["Hostname"] = hostname;
  cfg["Domainname"] = "";
  cfg["User"] = o.user.value_or(img.value("User", ""));
  cfg["AttachStdin"] = o.attach && o.stdin_open;
  cfg["AttachStdout"] = o.attach;
  cfg["AttachStderr"] = o.attach;
  cfg["Tty"] = o.tty;
  cfg["OpenStdin"] = o.stdin_open;
  cfg["StdinOnce"] = o.attach && o.stdin_open;
  cfg["Env"] = env;
  cfg["Cmd"] = cmd;
  cfg["Image"] = o.image;
  cfg["Volumes"] = img.value("Volumes", Json());
  cfg["WorkingDir"] = o.workdir.value_or(img.value("WorkingDir", ""));
  cfg["Entrypoint"] = entry;
  cfg["OnBuild"] = Json();
  cfg["Labels"] = img.value("Labels", Json::object());
  if (cfg["Labels"].is_null()) cfg["Labels"] = Json::object();
  for (auto& [k, v] : o.labels) cfg["Labels"][k] = v;
  if (img.contains("StopSignal")) cfg["StopSignal"] = img["StopSignal"];
  return cfg;
}

Json build_host_config(const CreateOptions& o) {
  if (o.network != "host" && o.network != "none")
    throw Error(Errc::not_found, "network " + o.network + " not found");
  Json h;
  h["Binds"] = Json();
  h["NetworkMode"] = o.network;
  h["RestartPolicy"] = parse_restart_policy(o.restart, o.auto_remove);
  h["AutoRemove"] = o.auto_remove;
  h["ReadonlyRootfs"] = o.read_only;
  h["Mounts"] = Json();
  return h;
}
}  // namespace

Container ContainerService::create(const CreateOptions& o) {
  // Everything the user typed is checked before anything is made.
  Container c;
  c.name = o.name ? validate_name(*o.name) : "";
  auto img = d_.images.store().resolve(o.image);
  auto img_cfg = Json::parse(img.config);
  c.id = new_id();
  c.image_id = img.id;
  c.mount_id = new_id();
  c.created = format::time_rfc3339nano(std::chrono::system_clock::now());
  std::string hostname = o.hostname.value_or(short_id(c.id));
  c.config = build_config(o, img_cfg.value("config", Json::object()), hostname);
  c.host_config = build_host_config(o);
  auto plan = plan_mounts(o, c.config["Volumes"], d_.db);  // checks every mount flag, makes nothing
  c.config["Volumes"] = plan.config_volumes;
  c.host_config["Binds"] = plan.binds;
  c.host_config["Mounts"] = plan.mounts_api;
  c.host_config["VolumeDriver"] = o.volume_driver;
  c.host_config["VolumesFrom"] = plan.volumes_from;
  if (!plan.tmpfs.is_null()) c.host_config["Tmpfs"] = plan.tmpfs;
  std::vector<mounts::MountPoint> points;
  std::string top = img.top_layer.empty() ? "" : d_.images.store().layer(img.top_layer)->cache_id;

  auto dir = d_.paths.container_dir(c.id);
  auto intent = d_.db.journal().begin("create");
  try {
    d_.db.transaction([&] {
      if (c.name.empty()) {
        do c.name = random_name();
        while (store_.find(c.name));
      }
      store_.insert(c);  // name conflicts surface here, before any disk work
      STRATA_FAULT("create.recorded");
      std::vector<std::string> made;
      try {
        points = make_mounts(plan, c.id, d_.db, d_.volumes, made);
        d_.driver.create_rw(c.mount_id, top);
        std::filesystem::create_directories(dir);  // hosts, hostname, resolv.conf: at first start, as Docker
        STRATA_FAULT("create.layer");
      } catch (...) {
        for (auto& v : made) d_.volumes.discard(v);  // before the rollback: no one else has them
        throw;
      }
    });
  } catch (...) {
    // Nothing committed: take back what was made on disk.
    d_.driver.remove_rw(c.mount_id);
    fs::remove_all(dir);
    throw;
  }
  STRATA_FAULT("create.committed");
  try {
    fill_volumes(points, d_.driver, c.mount_id, d_.volumes);  // copy-on-first-mount
  } catch (...) {
    remove_files(c, true);
    throw;
  }
  return c;
}

}  // namespace strata::container
