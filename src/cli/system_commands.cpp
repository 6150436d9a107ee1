// system df [-v] [--format]: Docker's summary and verbose tables over engine/disk_usage.
#include <chrono>
#include <cstdio>

#include "cli/context.h"
#include "cli/output.h"
#include "common/fault.h"
#include "common/id.h"
#include "engine/check.h"
#include "engine/disk_usage.h"
#include "format/gofmt.h"
#include "format/human.h"

namespace strata::cli {

namespace {
using Json = nlohmann::ordered_json;

std::string since(const std::string& rfc3339) {
  auto d = std::chrono::system_clock::now() - format::parse_rfc3339(rfc3339);
  return format::human_duration(std::chrono::duration_cast<std::chrono::nanoseconds>(d)) + " ago";
}

std::string size4(int64_t b) { return format::human_size(static_cast<double>(b), 4); }

std::string reclaimable(int64_t part, int64_t total) {
  if (total <= 0) return size4(part);
  return size4(part) + " (" + std::to_string(part * 100 / total) + "%)";
}

std::vector<Json> summary(const DiskUsage& du) {
  int64_t used = 0, active_images = 0;
  for (auto& i : du.images)
    if (i.containers > 0) ++active_images, used += i.size - i.shared_size;
  int64_t c_size = 0, c_reclaim = 0, c_active = 0;
  for (auto& c : du.containers) {
    c_size += c.size_rw;
    if (c.record.state.running) ++c_active;
    else c_reclaim += c.size_rw;
  }
  int64_t v_size = 0, v_reclaim = 0, v_active = 0;
  for (auto& v : du.volumes) {
    v_size += v.size;
    if (v.links > 0) ++v_active;
    else v_reclaim += v.size;
  }
  auto row = [](const char* type, size_t total, int64_t active, const std::string& size, const std::string& rec) {
    return Json{{"Type", type}, {"TotalCount", std::to_string(total)}, {"Active", std::to_string(active)},
                {"Size", size}, {"Reclaimable", rec}};
  };
  return {row("Images", du.images.size(), active_images, size4(du.layers_size), reclaimable(du.layers_size - used, du.layers_size)),
          row("Containers", du.containers.size(), c_active, size4(c_size), reclaimable(c_reclaim, c_size)),
          row("Local Volumes", du.volumes.size(), v_active, size4(v_size), reclaimable(v_reclaim, v_size)),
          row("Build Cache", 0, 0, "0B", "0B")};
}

void verbose(const DiskUsage& du) {
  std::vector<Json> images, containers, volumes;
  for (auto& i : du.images) {
    std::string repo = "<none>", tag = "<none>";
    if (!i.record.tags.empty()) {
      auto t = i.record.tags[0];
      repo = t.substr(0, t.rfind(':'));
      tag = t.substr(t.rfind(':') + 1);
    }
    images.push_back({{"Repository", repo}, {"Tag", tag}, {"ID", short_id(i.record.id)},
                      {"CreatedSince", since(i.record.created)}, {"Size", format::human_size(static_cast<double>(i.size))},
                      {"SharedSize", size4(i.shared_size)}, {"UniqueSize", size4(i.size - i.shared_size)},
                      {"Containers", std::to_string(i.containers)}});
  }
  for (auto& c : du.containers) {
    std::string cmd;
    for (auto* key : {"Entrypoint", "Cmd"})
      if (c.record.config[key].is_array())
        for (auto& a : c.record.config[key]) {  // Docker's list: an argument with a space is quoted
          std::string arg = a.get<std::string>();
          if (!cmd.empty() && arg.find(' ') != std::string::npos) arg = "'" + arg + "'";
          cmd += (cmd.empty() ? "" : " ") + arg;
        }
    containers.push_back({{"ID", short_id(c.record.id)}, {"Image", c.record.config.value("Image", c.record.image_id)},
                          {"Command", format::go_quote(format::truncate_command(cmd, 20))},
                          {"LocalVolumes", std::to_string(c.local_volumes)},
                          {"Size", format::human_size(static_cast<double>(c.size_rw))},
                          {"RunningFor", since(c.record.created)}, {"Status", container::status_text(c.record.state)},
                          {"Names", c.record.name}});
  }
  for (auto& v : du.volumes)
    volumes.push_back({{"Name", v.record.name}, {"Links", std::to_string(v.links)}, {"Size", size4(v.size)}});
  std::printf("Images space usage:\n\n");
  print_formatted("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
                  images, {{"Repository", "REPOSITORY"}, {"Tag", "TAG"}, {"ID", "IMAGE ID"}, {"CreatedSince", "CREATED"},
                           {"Size", "SIZE"}, {"SharedSize", "SHARED SIZE"}, {"UniqueSize", "UNIQUE SIZE"},
                           {"Containers", "CONTAINERS"}});
  std::printf("\nContainers space usage:\n\n");
  print_formatted("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
                  containers, {{"ID", "CONTAINER ID"}, {"Image", "IMAGE"}, {"Command", "COMMAND"},
                               {"LocalVolumes", "LOCAL VOLUMES"}, {"Size", "SIZE"}, {"RunningFor", "CREATED"},
                               {"Status", "STATUS"}, {"Names", "NAMES"}});
  std::printf("\nLocal Volumes space usage:\n\n");
  print_formatted("table {{.Name}}\t{{.Links}}\t{{.Size}}", volumes,
                  {{"Name", "VOLUME NAME"}, {"Links", "LINKS"}, {"Size", "SIZE"}});
  std::printf("\nBuild cache usage: 0B\n\n");
  std::printf("CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n");
}
}  // namespace

void add_system_commands(CLI::App& app, Context& ctx) {
  static bool verbose_flag = false;
  static std::string fmt;
  auto* sys = app.add_subcommand("system", "Manage Strata");
  sys->require_subcommand(1);
  auto* df = sys->add_subcommand("df", "Show docker disk usage");
  df->add_flag("-v,--verbose", verbose_flag, "Show detailed information on space usage");
  df->add_option("--format", fmt, "Pretty-print images using a Go template");
  df->callback([&ctx] {
    auto du = disk_usage(ctx.engine());
    if (verbose_flag) return verbose(du);
    print_formatted(fmt.empty() ? "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}" : fmt,
                    summary(du),
                    {{"Type", "TYPE"}, {"TotalCount", "TOTAL"}, {"Active", "ACTIVE"}, {"Size", "SIZE"},
                     {"Reclaimable", "RECLAIMABLE"}});
  });
  static bool repair = false;
  auto* check = sys->add_subcommand("check", "Check the store for what a crash left; --repair fixes it");
  check->add_flag("--repair", repair, "Repair what is found and print one line per action");
  check->callback([&ctx] {
    ctx.options.recover = false;  // the check reports what automatic recovery would have hidden
    auto r = ctx.engine().check(repair);
    for (auto& l : r.lines) std::printf("%s\n", l.c_str());
    if (repair ? r.unrepaired > 0 : !r.lines.empty()) ctx.exit_code = 1;
  });
  sys->add_subcommand("faults", "List the named fault points (STRATA_FAULT=<name>[:error])")->callback([] {
    for (auto p : fault::kPoints) std::printf("%.*s\n", static_cast<int>(p.size()), p.data());
  });
}

}  // namespace strata::cli
