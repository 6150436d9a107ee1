// inspect: Docker's container JSON, field for field.
#include "common/error.h"
#include "container/container_mounts.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"

namespace strata::container {

nlohmann::ordered_json ContainerService::inspect(const std::string& ref) {
  Container c = get(ref);
  Json args = Json::array();
  for (auto* key : {"Entrypoint", "Cmd"})
    if (c.config[key].is_array())
      for (auto& a : c.config[key]) args.push_back(a);
  std::string path = args.empty() ? "" : args[0].get<std::string>();
  if (!args.empty()) args.erase(args.begin());
  auto dir = d_.paths.container_dir(c.id);
  auto lp = d_.driver.paths(c.mount_id);
  Json j;
  j["Id"] = c.id;
  j["Created"] = c.created;
  j["Path"] = path;
  j["Args"] = args;
  j["State"] = state_to_json(c.state);
  j["Image"] = c.image_id;
  auto if_made = [&](const char* f) {  // "" until the first start writes it, as in Docker
    return std::filesystem::exists(dir / f) ? (dir / f).string() : std::string();
  };
  j["ResolvConfPath"] = if_made("resolv.conf");
  j["HostnamePath"] = if_made("hostname");
  j["HostsPath"] = if_made("hosts");
  j["LogPath"] = (dir / (c.id + "-json.log")).string();
  j["Name"] = "/" + c.name;
  j["RestartCount"] = c.state.restart_count;
  j["Driver"] = "overlay2";
  j["Platform"] = "linux";
  j["MountLabel"] = "";
  j["ProcessLabel"] = "";
  j["AppArmorProfile"] = "";
  j["ExecIDs"] = nullptr;
  j["HostConfig"] = c.host_config;
  j["GraphDriver"] = {{"Data",
                       {{"LowerDir", lp.lower_dir},
                        {"MergedDir", lp.merged_dir},
                        {"UpperDir", lp.upper_dir},
                        {"WorkDir", lp.work_dir}}},
                      {"Name", "overlay2"}};
  j["Mounts"] = inspect_mounts(d_.db, c.id);
  j["Config"] = c.config;
  j["NetworkSettings"] = {{"Bridge", ""}, {"SandboxID", ""}, {"HairpinMode", false}, {"Ports", Json::object()},
                          {"SandboxKey", ""}, {"Networks", {{c.host_config.value("NetworkMode", "host"), Json::object()}}}};
  return j;
}

}  // namespace strata::container
