// Finding a volume plugin by name, as Docker's pkg/plugins local registry does, with Strata's
// own <run root>/plugins searched first.
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>

#include "common/error.h"
#include "volume/plugin_driver.h"

namespace strata::volume {

namespace {
std::vector<std::filesystem::path> candidates(const std::filesystem::path& dir, const std::string& name,
                                              const std::string& ext) {
  return {dir / (name + ext), dir / name / (name + ext)};
}

std::string read_trimmed(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

[[noreturn]] void not_found(const std::string& name) {
  throw Error(Errc::not_found, "error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
}
}  // namespace

std::string find_plugin(const std::string& name, const std::vector<std::filesystem::path>& socket_dirs,
                        const std::vector<std::filesystem::path>& spec_dirs) {
  // A name is a plain word: never a path that leads out of the directories.
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return "";
  for (auto& dir : socket_dirs)
    for (auto& p : candidates(dir, name, ".sock")) {
      struct stat st {};
      if (::stat(p.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) return "unix://" + p.string();
    }
  for (auto& dir : spec_dirs)
    for (auto& ext : {".spec", ".json"})
      for (auto& p : candidates(dir, name, ext)) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec)) continue;
        std::string text = read_trimmed(p);
        if (std::string(ext) == ".json") {
          try {
            text = Json::parse(text).value("Addr", "");
          } catch (const Json::exception&) {
            throw Error(Errc::invalid_argument, "error looking up volume plugin " + name + ": invalid plugin spec " + p.string());
          }
        }
        if (text.find("://") == std::string::npos)
          throw Error(Errc::invalid_argument, "error looking up volume plugin " + name + ": Unknown protocol");
        return text;
      }
  return "";
}

DriverLookup plugin_lookup(const std::filesystem::path& run_root) {
  // Activated once per process: Docker activates once per daemon.
  auto cache = std::make_shared<std::map<std::string, std::shared_ptr<VolumeDriver>>>();
  return [run_root, cache](const std::string& name) -> std::shared_ptr<VolumeDriver> {
    if (auto it = cache->find(name); it != cache->end()) return it->second;
    auto own = run_root / "plugins";
    std::string addr = find_plugin(name, {own, "/run/docker/plugins"},
                                   {own, "/etc/docker/plugins", "/usr/lib/docker/plugins"});
    if (addr.empty()) not_found(name);
    auto d = std::make_shared<PluginDriver>(http_transport(addr));
    try {
      d->activate(name);
    } catch (const Error& e) {
      if (e.code() == Errc::not_found) throw;
      throw Error(Errc::system, "error looking up volume plugin " + name + ": " + e.what());
    }
    (*cache)[name] = d;
    return d;
  };
}

}  // namespace strata::volume
