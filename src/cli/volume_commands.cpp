// volume create/ls/inspect/rm/prune: parsing and printing only; the rules live in volume/.
#include <cstdio>
#include <iostream>

#include "cli/context.h"
#include "cli/output.h"
#include "common/error.h"
#include "format/human.h"
#include "volume/volume_service.h"

namespace strata::cli {

void add_system_commands(CLI::App& app, Context& ctx);  // system_commands.cpp: system df

namespace {
using Json = nlohmann::ordered_json;

volume::StringMap key_values(const std::vector<std::string>& list) {
  volume::StringMap m;
  for (auto& kv : list) {
    auto eq = kv.find('=');
    m[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  return m;
}

volume::Filters filters(const std::vector<std::string>& list) {
  volume::Filters f;
  for (auto& s : list) f.insert(volume::parse_filter(s));
  return f;
}

Json ls_row(const volume::Volume& v) {
  std::string labels;
  if (v.labels.is_object())
    for (auto& [k, val] : v.labels.items()) labels += (labels.empty() ? "" : ",") + k + "=" + val.get<std::string>();
  return {{"Name", v.name},  {"Driver", v.driver}, {"Scope", "local"}, {"Mountpoint", v.mountpoint.string()},
          {"Labels", labels}, {"Links", "N/A"},     {"Size", "N/A"}};
}

void add_create(CLI::App* vol, Context& ctx) {
  static std::string driver = "local", name_flag;
  static std::vector<std::string> labels, opts, names;
  auto* c = vol->add_subcommand("create", "Create a volume");
  c->add_option("-d,--driver", driver, "Specify volume driver name");
  c->add_option("--label", labels, "Set metadata for a volume")->allow_extra_args(false);
  c->add_option("-o,--opt", opts, "Set driver specific options")->allow_extra_args(false);
  c->add_option("--name", name_flag, "Specify volume name")->group("");
  c->add_option("name", names, "VOLUME")->expected(0, 1);
  c->callback([&ctx, c] {
    if (c->count("--name") && !names.empty())
      throw Error(Errc::invalid_argument, "Conflicting options: either specify --name or provide positional arg, not both");
    std::string name = names.empty() ? name_flag : names[0];
    auto v = ctx.engine().volumes().create(
        {.name = name, .driver = driver, .labels = key_values(labels), .options = key_values(opts)});
    std::printf("%s\n", v.name.c_str());
  });
}

void add_ls(CLI::App* vol, Context& ctx) {
  static bool quiet = false;
  static std::string fmt;
  static std::vector<std::string> filter;
  auto* ls = vol->add_subcommand("ls", "List volumes");
  ls->alias("list");
  ls->add_flag("-q,--quiet", quiet, "Only display volume names");
  ls->add_option("-f,--filter", filter, "Provide filter values (e.g. 'dangling=true')")->allow_extra_args(false);
  ls->add_option("--format", fmt, "Pretty-print volumes using a Go template");
  ls->callback([&ctx] {
    std::vector<Json> rows;
    for (auto& v : ctx.engine().volumes().list(filters(filter))) rows.push_back(ls_row(v));
    std::string f = quiet ? "{{.Name}}" : fmt.empty() ? "table {{.Driver}}\t{{.Name}}" : fmt;
    print_formatted(f, rows,
                    {{"Name", "VOLUME NAME"}, {"Driver", "DRIVER"}, {"Scope", "SCOPE"}, {"Mountpoint", "MOUNTPOINT"},
                     {"Labels", "LABELS"}, {"Links", "LINKS"}, {"Size", "SIZE"}});
  });
}

void add_inspect_rm(CLI::App* vol, Context& ctx) {
  static std::string fmt;
  static std::vector<std::string> inspect_names, rm_names;
  static bool force = false;
  auto* in = vol->add_subcommand("inspect", "Display detailed information on one or more volumes");
  in->add_option("-f,--format", fmt, "Format the output using the given Go template");
  in->add_option("names", inspect_names, "VOLUME")->required();
  in->callback([&ctx] {
    std::vector<Json> found;
    for_each_ref(
        ctx, inspect_names,
        [&](const std::string& n) { found.push_back(volume::inspect_json(ctx.engine().volumes().describe(ctx.engine().volumes().get(n)))); }, false);
    print_inspect(fmt, found);
  });
  auto* rm = vol->add_subcommand("rm", "Remove one or more volumes");
  rm->alias("remove");
  rm->add_flag("-f,--force", force, "Force the removal of one or more volumes");
  rm->add_option("names", rm_names, "VOLUME")->required();
  rm->callback([&ctx] {
    for_each_ref(ctx, rm_names, [&](const std::string& n) { ctx.engine().volumes().remove(n, force); });
  });
}

// Docker 23+'s rule (anonymous volumes unless --all), and the prompt names every volume
// that will go, so nothing is deleted by surprise.
void add_prune(CLI::App* vol, Context& ctx) {
  static bool force = false, all = false;
  static std::vector<std::string> filter;
  auto* pr = vol->add_subcommand("prune", "Remove unused local volumes");
  pr->add_flag("-f,--force", force, "Do not prompt for confirmation");
  pr->add_flag("-a,--all", all, "Remove all unused volumes, not just anonymous ones");
  pr->add_option("--filter", filter, "Provide filter values (e.g. 'label=<label>')")->allow_extra_args(false);
  pr->callback([&ctx] {
    auto& svc = ctx.engine().volumes();
    auto f = filters(filter);
    auto candidates = svc.prune_candidates(all, f);
    bool everything = all || f.count("all");
    if (!force && !candidates.empty()) {
      std::printf("WARNING! This will remove %s local volumes not used by at least one container.\n",
                  everything ? "all" : "anonymous");
      if (candidates.size() == 1) std::printf("This volume will be deleted:\n");
      else std::printf("These %zu volumes will be deleted:\n", candidates.size());
      for (auto& v : candidates) std::printf("  %s\n", v.name.c_str());
      std::printf("Are you sure you want to continue? [y/N] ");
      std::fflush(stdout);
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    auto [removed, bytes] = svc.prune(candidates);
    if (!removed.empty()) {
      std::printf("Deleted Volumes:\n");
      for (auto& n : removed) std::printf("%s\n", n.c_str());
      std::printf("\n");
    }
    std::printf("Total reclaimed space: %s\n", format::human_size(static_cast<double>(bytes), 4).c_str());
  });
}
}  // namespace

void add_volume_commands(CLI::App& app, Context& ctx) {
  auto* vol = app.add_subcommand("volume", "Manage volumes");
  vol->require_subcommand(1);
  add_create(vol, ctx);
  add_ls(vol, ctx);
  add_inspect_rm(vol, ctx);
  add_prune(vol, ctx);
  add_system_commands(app, ctx);
}

}  // namespace strata::cli
