// The volume plugin protocol's calls and answers (moby volume/drivers/proxy.go's shapes).
#include "volume/plugin_driver.h"

#include "common/error.h"

namespace strata::volume {

namespace {
// Docker's timeouts: two minutes for calls that may do real work, one for the rest.
constexpr int kLong = 120, kShort = 60;

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

DriverVolume driver_volume(const Json& j) {
  DriverVolume v;
  if (!j.is_object()) return v;
  v.name = str(j, "Name");
  v.mountpoint = str(j, "Mountpoint");
  v.created_at = str(j, "CreatedAt");
  if (auto it = j.find("Status"); it != j.end() && it->is_object() && !it->empty()) v.status = *it;
  return v;
}
}  // namespace

Json PluginDriver::call(const std::string& method, const Json& body, int timeout_s) {
  auto r = t_->post(method, body.dump(), timeout_s);
  Json j;
  try {
    j = r.body.empty() ? Json::object() : Json::parse(r.body);
  } catch (const Json::exception&) {
    if (r.status == 200) throw Error(Errc::system, method + ": invalid answer from plugin: " + r.body.substr(0, 200));
    j = Json::object();
  }
  std::string err = j.is_object() ? str(j, "Err") : "";
  if (r.status != 200) {
    // pkg/plugins: a non-200 answer is "<method>: <Err>", or the body when it has no Err.
    if (err.empty()) err = r.body.empty() ? "HTTP status " + std::to_string(r.status) : r.body;
    while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
    throw Error(Errc::system, method + ": " + err);
  }
  if (!err.empty()) throw Error(Errc::system, err);
  if (!j.is_object()) throw Error(Errc::system, method + ": invalid answer from plugin: " + r.body.substr(0, 200));
  return j;
}

void PluginDriver::activate(const std::string& name) {
  auto j = call("Plugin.Activate", Json::object(), kShort);
  auto impl = j.find("Implements");
  if (impl != j.end() && impl->is_array())
    for (auto& i : *impl)
      if (i == "VolumeDriver") return;
  throw Error(Errc::not_found, "error looking up volume plugin " + name + ": plugin does not implement the requested driver");
}

void PluginDriver::create(const std::string& name, const StringMap& opts) {
  Json body = {{"Name", name}, {"Opts", nullptr}};
  if (!opts.empty()) body["Opts"] = opts;
  call("VolumeDriver.Create", body, kLong);
}

void PluginDriver::remove(const std::string& name) { call("VolumeDriver.Remove", {{"Name", name}}, kShort); }

std::string PluginDriver::mount(const std::string& name, const std::string& id) {
  auto j = call("VolumeDriver.Mount", {{"Name", name}, {"ID", id}}, kLong);
  return str(j, "Mountpoint");
}

void PluginDriver::unmount(const std::string& name, const std::string& id) {
  call("VolumeDriver.Unmount", {{"Name", name}, {"ID", id}}, kShort);
}

std::string PluginDriver::path(const std::string& name) {
  return str(call("VolumeDriver.Path", {{"Name", name}}, kShort), "Mountpoint");
}

DriverVolume PluginDriver::get(const std::string& name) {
  auto j = call("VolumeDriver.Get", {{"Name", name}}, kShort);
  auto v = driver_volume(j.value("Volume", Json()));
  if (v.name.empty()) v.name = name;
  return v;
}

std::vector<DriverVolume> PluginDriver::list() {
  auto j = call("VolumeDriver.List", Json::object(), kShort);
  std::vector<DriverVolume> out;
  if (auto it = j.find("Volumes"); it != j.end() && it->is_array())
    for (auto& v : *it) out.push_back(driver_volume(v));
  return out;
}

std::string PluginDriver::scope() {
  // A plugin that does not know Capabilities is "local" (Docker: errors ignored).
  try {
    auto j = call("VolumeDriver.Capabilities", Json::object(), kShort);
    auto s = str(j.value("Capabilities", Json::object()), "Scope");
    return s == "global" ? s : "local";
  } catch (const Error&) {
    return "local";
  }
}

}  // namespace strata::volume
