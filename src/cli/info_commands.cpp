// info and version: the engine's state in Docker's layout (or through -f/--format).
#include <cstdio>

#include "cli/context.h"
#include "cli/output.h"
#include "engine/info.h"
#include "format/human.h"

namespace strata::cli {

namespace {
using Json = nlohmann::ordered_json;

void print_info(const Json& j) {
  auto s = [&](const char* k) { return j[k].is_string() ? j[k].get<std::string>() : j[k].dump(); };
  std::printf("Client:\n Version:    %s\n Context:    default\n Debug Mode: false\n\nServer:\n", s("ServerVersion").c_str());
  std::printf(" Containers: %s\n  Running: %s\n  Paused: %s\n  Stopped: %s\n Images: %s\n", s("Containers").c_str(),
              s("ContainersRunning").c_str(), s("ContainersPaused").c_str(), s("ContainersStopped").c_str(),
              s("Images").c_str());
  std::printf(" Server Version: %s\n Storage Driver: %s\n", s("ServerVersion").c_str(), s("Driver").c_str());
  for (auto& kv : j["DriverStatus"])
    std::printf("  %s: %s\n", kv[0].get<std::string>().c_str(), kv[1].get<std::string>().c_str());
  std::printf(" Logging Driver: %s\n Cgroup Driver: %s\n Cgroup Version: %s\n Plugins:\n", s("LoggingDriver").c_str(),
              s("CgroupDriver").c_str(), s("CgroupVersion").c_str());
  for (auto& [kind, names] : j["Plugins"].items()) {
    std::string list;
    for (auto& n : names) list += (list.empty() ? "" : " ") + n.get<std::string>();
    std::printf("  %s: %s\n", kind.c_str(), list.c_str());
  }
  std::string runtimes;
  for (auto& [name, _] : j["Runtimes"].items()) runtimes += (runtimes.empty() ? "" : " ") + name;
  std::printf(" Runtimes: %s\n Default Runtime: %s\n", runtimes.c_str(), s("DefaultRuntime").c_str());
  std::printf(" Kernel Version: %s\n Operating System: %s\n OSType: %s\n Architecture: %s\n CPUs: %s\n",
              s("KernelVersion").c_str(), s("OperatingSystem").c_str(), s("OSType").c_str(), s("Architecture").c_str(),
              s("NCPU").c_str());
  std::printf(" Total Memory: %s\n Name: %s\n Docker Root Dir: %s\n Debug Mode: false\n",
              format::bytes_size(j["MemTotal"].get<double>()).c_str(), s("Name").c_str(), s("DockerRootDir").c_str());
}
}  // namespace

void add_info_commands(CLI::App& app, Context& ctx) {
  static std::string info_fmt, version_fmt;
  for (auto* cmd : {app.add_subcommand("info", "Display system-wide information")}) {
    cmd->add_option("-f,--format", info_fmt, "Format the output using the given Go template");
    cmd->callback([&ctx] {
      auto j = engine_info(ctx.engine());
      if (info_fmt.empty()) return print_info(j);
      print_inspect(info_fmt, {j});
    });
  }
  auto* v = app.add_subcommand("version", "Show the Strata version information");
  v->add_option("-f,--format", version_fmt, "Format the output using the given Go template");
  v->callback([] {
    Json j = {{"Client", {{"Version", kStrataVersion}, {"Os", "linux"}}},
              {"Server", {{"Version", kStrataVersion}, {"Os", "linux"}}}};
    if (!version_fmt.empty()) return print_inspect(version_fmt, {j});
    std::printf("Client:\n Version:           %s\n OS/Arch:           linux/amd64\n\nServer:\n Engine:\n"
                "  Version:          %s\n  (no daemon: each command uses the library directly)\n",
                kStrataVersion, kStrataVersion);
  });
}

}  // namespace strata::cli
