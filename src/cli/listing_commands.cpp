// ps and inspect: Docker's columns, --format templates, JSON.
#include <chrono>
#include <cstdio>

#include "cli/context.h"
#include "cli/output.h"
#include "common/error.h"
#include "common/id.h"
#include "container/list_filter.h"
#include "container/service.h"
#include "format/gofmt.h"
#include "format/human.h"
#include "image/image_service.h"
#include "volume/volume.h"
#include "volume/volume_service.h"

namespace strata::cli {

namespace {
using Json = nlohmann::ordered_json;

std::string ago(const std::string& rfc3339) {
  auto then = format::parse_rfc3339(rfc3339);
  auto d = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - then);
  return format::human_duration(d);
}

// One `ps` row as the fields Docker's templates know.
Json ps_row(Context& ctx, const container::Container& c, bool trunc, bool size, bool mounts_shown) {
  std::string cmd;
  for (auto* key : {"Entrypoint", "Cmd"})
    if (c.config[key].is_array())
      for (auto& a : c.config[key]) cmd += (cmd.empty() ? "" : " ") + a.get<std::string>();
  Json r;
  r["ID"] = trunc ? short_id(c.id) : c.id;
  r["Image"] = c.config.value("Image", c.image_id);
  r["Command"] = format::go_quote(trunc ? format::truncate_command(cmd, 20) : cmd);
  r["CreatedAt"] = c.created;
  r["RunningFor"] = ago(c.created) + " ago";
  r["Ports"] = "";
  r["State"] = c.state.status;
  r["Status"] = container::status_text(c.state);
  r["Size"] = "";
  if (size) {
    auto sz = ctx.engine().containers().size(c);
    r["Size"] = format::human_size(static_cast<double>(sz.rw)) + " (virtual " +
                format::human_size(static_cast<double>(sz.root_fs)) + ")";
  }
  r["Names"] = c.name;
  std::string labels, mounts;
  if (c.config["Labels"].is_object())
    for (auto& [k, v] : c.config["Labels"].items()) labels += (labels.empty() ? "" : ",") + k + "=" + v.get<std::string>();
  if (mounts_shown)  // one query per row: only when the format prints them
    for (auto& m : ctx.engine().containers().mounts(c)) {
      std::string name = m.value("Name", m.value("Source", ""));
      mounts += (mounts.empty() ? "" : ",") + (trunc ? format::ellipsis(name, 15) : name);
    }
  r["Labels"] = labels;
  r["Mounts"] = mounts;
  r["Networks"] = c.host_config.value("NetworkMode", "host");
  return r;
}

void add_ps(CLI::App& app, Context& ctx) {
  static bool quiet = false, no_trunc = false, size = false;
  static container::ListOptions lo;
  static std::string fmt;
  auto* ps = app.add_subcommand("ps", "List containers");
  ps->alias("ls");
  ps->add_flag("-a,--all", lo.all, "Show all containers (default shows just running)");
  ps->add_option("-f,--filter", lo.filters, "Filter output based on conditions provided")->allow_extra_args(false);
  ps->add_option("-n,--last", lo.last, "Show n last created containers (includes all states)");
  ps->add_flag("-l,--latest", lo.latest, "Show the latest created container (includes all states)");
  ps->add_flag("-s,--size", size, "Display total file sizes");
  ps->add_flag("-q,--quiet", quiet, "Only display container IDs");
  ps->add_flag("--no-trunc", no_trunc, "Don't truncate output");
  ps->add_option("--format", fmt, "Pretty-print containers using a Go template");
  ps->callback([&ctx] {
    std::string f = quiet ? "{{.ID}}" : fmt.empty() ? "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}" : fmt;
    if (size && fmt.empty() && !quiet) f += "\t{{.Size}}";
    bool sized = f.find(".Size") != std::string::npos;  // Docker's CLI asks for sizes when shown
    std::vector<Json> rows;
    bool mounts_shown = f.find(".Mounts") != std::string::npos || f.find("json .") != std::string::npos;
    for (auto& c : ctx.engine().containers().list(lo)) rows.push_back(ps_row(ctx, c, !no_trunc, sized, mounts_shown));
    print_formatted(f, rows,
                    {{"ID", "CONTAINER ID"}, {"Image", "IMAGE"}, {"Command", "COMMAND"}, {"CreatedAt", "CREATED AT"},
                     {"RunningFor", "CREATED"}, {"Ports", "PORTS"}, {"State", "STATE"}, {"Status", "STATUS"},
                     {"Size", "SIZE"}, {"Names", "NAMES"}, {"Labels", "LABELS"}, {"Mounts", "MOUNTS"},
                     {"Networks", "NETWORKS"}});
  });
}

void add_inspect(CLI::App& app, Context& ctx) {
  static std::vector<std::string> refs;
  static std::string fmt, type;
  static bool sized = false;
  auto* in = app.add_subcommand("inspect", "Return low-level information on Strata objects");
  in->add_flag("-s,--size", sized, "Display total file sizes if the type is container");
  in->add_option("-f,--format", fmt, "Format the output using the given Go template");
  in->add_option("--type", type, "Return JSON for specified type (container, image, volume)");
  in->add_option("names", refs)->required();
  in->callback([&ctx] {
    std::vector<Json> found;
    for (auto& r : refs) {
      try {
        if (!type.empty() && type != "container" && type != "image" && type != "volume")
          throw Error(Errc::invalid_argument,
                      "unknown type: \"" + type + "\": must be one of \"container\", \"image\", \"volume\"");
        if (type.empty() || type == "container") {
          if (auto c = ctx.engine().containers().get_if(r)) {
            found.push_back(ctx.engine().containers().inspect(r));
            if (sized) {  // Docker adds them after GraphDriver
              auto sz = ctx.engine().containers().size(*c);
              found.back()["SizeRw"] = sz.rw;
              found.back()["SizeRootFs"] = sz.root_fs;
            }
            continue;
          }
        }
        if (type.empty() || type == "image") {
          if (auto img = ctx.engine().images().store().find(r)) {
            found.push_back(image_inspect_json(ctx, *img));
            continue;
          }
        }
        if (type.empty() || type == "volume") {
          try {
            found.push_back(volume::inspect_json(ctx.engine().volumes().describe(ctx.engine().volumes().get(r))));
            continue;
          } catch (const Error& e) {
            if (e.code() != Errc::not_found) throw;
          }
        }
        throw Error(Errc::not_found, (type == "container" ? "No such container: "
                                      : type == "image"   ? "No such image: "
                                      : type == "volume"  ? "No such volume: "
                                                          : "No such object: ") + r);
      } catch (const Error& e) {
        std::fprintf(stderr, "Error: %s\n", e.what());
        ctx.exit_code = 1;
      }
    }
    print_inspect(fmt, found);
  });
}
}  // namespace

void add_listing_commands(CLI::App& app, Context& ctx) {
  add_ps(app, ctx);
  add_inspect(app, ctx);
}

}  // namespace strata::cli
