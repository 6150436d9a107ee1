// Volume drivers other than "local": Docker's legacy (v1) volume plugin protocol. A plugin
// is a process on the host serving HTTP (usually on a unix socket) that keeps the volumes'
// data wherever it likes ("outside storage") and hands the engine a host path to bind-mount
// while a container runs. VolumeService talks to a driver only through this interface, so
// tests inject a fake; PluginDriver (plugin_driver.h) is the real one.
#pragma once
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "volume/volume.h"

namespace strata::volume {

// A volume as its driver reports it (VolumeDriver.Get / List).
struct DriverVolume {
  std::string name;
  std::string mountpoint;  // "" when the driver gives none
  std::string created_at;  // RFC 3339 as the driver gives it, or ""
  Json status;             // the driver's Status object, or null
};

// Each call throws strata::Error with the text Docker shows after "create NAME: " etc.:
// the plugin's own Err, "VolumeDriver.Create: <Err>" when it answered with an HTTP error,
// or the transport's failure.
class VolumeDriver {
 public:
  virtual ~VolumeDriver() = default;
  virtual void create(const std::string& name, const StringMap& opts) = 0;
  virtual void remove(const std::string& name) = 0;
  // Returns the host path to bind-mount; `id` identifies this use (Unmount gets the same).
  virtual std::string mount(const std::string& name, const std::string& id) = 0;
  virtual void unmount(const std::string& name, const std::string& id) = 0;
  virtual std::string path(const std::string& name) = 0;
  virtual DriverVolume get(const std::string& name) = 0;
  virtual std::vector<DriverVolume> list() = 0;
  virtual std::string scope() = 0;  // Capabilities.Scope: "local" (default) or "global"
};

// Finds the driver called `name` (never "local"); throws Errc::not_found with Docker's text
// `error looking up volume plugin NAME: plugin "NAME" not found`.
using DriverLookup = std::function<std::shared_ptr<VolumeDriver>(const std::string& name)>;

}  // namespace strata::volume
