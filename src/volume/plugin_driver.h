// Docker's legacy plugin protocol (docs: "Docker Plugin API", "Volume plugins"): JSON over
// HTTP POST to /Plugin.Activate and /VolumeDriver.*, Accept application/vnd.docker.plugins.v1.2+json.
//
// Discovery (as Docker's pkg/plugins, Strata's own directory first): a plugin NAME is the unix
// socket NAME.sock or NAME/NAME.sock in <run root>/plugins or /run/docker/plugins, else a
// NAME.spec (one URL: unix:///path, tcp://host:port, http://…) or NAME.json ({"Addr": URL})
// file, also as NAME/NAME.spec|json, in <run root>/plugins, /etc/docker/plugins or
// /usr/lib/docker/plugins. So a plugin written for Docker works unchanged.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "volume/volume_driver.h"

namespace strata::volume {

// One HTTP exchange with a plugin. Throws strata::Error (Errc::system) when the plugin cannot
// be reached or does not answer within `timeout_s` (Docker's texts: `Post "http://…/M": dial
// unix PATH: connect: connection refused`, `… context deadline exceeded`).
struct PluginResponse {
  long status = 0;
  std::string body;
};
class PluginTransport {
 public:
  virtual ~PluginTransport() = default;
  virtual PluginResponse post(const std::string& method, const std::string& body, int timeout_s) = 0;
};
// libcurl: `address` is unix:///path, tcp://host:port or http://host:port.
std::unique_ptr<PluginTransport> http_transport(const std::string& address);

class PluginDriver : public VolumeDriver {
 public:
  explicit PluginDriver(std::unique_ptr<PluginTransport> t) : t_(std::move(t)) {}
  // Plugin.Activate: throws unless "VolumeDriver" is in Implements.
  void activate(const std::string& name);
  void create(const std::string& name, const StringMap& opts) override;
  void remove(const std::string& name) override;
  std::string mount(const std::string& name, const std::string& id) override;
  void unmount(const std::string& name, const std::string& id) override;
  std::string path(const std::string& name) override;
  DriverVolume get(const std::string& name) override;
  std::vector<DriverVolume> list() override;
  std::string scope() override;

 private:
  // POSTs `body`, returns the answer; a non-empty Err becomes an error (prefixed with the
  // method when the HTTP status was not 200, as Docker's plugin client does).
  Json call(const std::string& method, const Json& body, int timeout_s);
  std::unique_ptr<PluginTransport> t_;
};

// Where plugin NAME listens, per the rules above ("" if nowhere).
std::string find_plugin(const std::string& name, const std::vector<std::filesystem::path>& socket_dirs,
                        const std::vector<std::filesystem::path>& spec_dirs);
// The lookup VolumeService uses: finds, connects and activates; Docker's error texts.
DriverLookup plugin_lookup(const std::filesystem::path& run_root);

}  // namespace strata::volume
