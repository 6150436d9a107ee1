// container prune and system prune: the prompt, then Docker's report of what went.
#include <cstdio>
#include <iostream>

#include "cli/context.h"
#include "container/service.h"
#include "engine/prune.h"
#include "format/human.h"

namespace strata::cli {

namespace {
CLI::App* group(CLI::App& app, const char* name, const char* help) {
  try {
    return app.get_subcommand(name);
  } catch (const CLI::OptionNotFound&) {
    return app.add_subcommand(name, help);
  }
}

bool confirmed(const std::string& warning) {
  std::printf("%s\nAre you sure you want to continue? [y/N] ", warning.c_str());
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y";
}

void section(const char* title, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  std::printf("%s\n", title);
  for (auto& l : lines) std::printf("%s\n", l.c_str());
  std::printf("\n");
}

void add_container_prune(CLI::App& app, Context& ctx) {
  static bool force = false;
  static std::vector<std::string> filters;
  auto* p = group(app, "container", "Manage containers")->add_subcommand("prune", "Remove all stopped containers");
  p->add_flag("-f,--force", force, "Do not prompt for confirmation");
  p->add_option("--filter", filters, "Provide filter values (e.g. 'until=<timestamp>')")->allow_extra_args(false);
  p->callback([&ctx] {
    if (!force && !confirmed("WARNING! This will remove all stopped containers.")) return;
    auto res = ctx.engine().containers().prune(filters);
    section("Deleted Containers:", res.ids);
    std::printf("Total reclaimed space: %s\n", format::human_size(static_cast<double>(res.reclaimed)).c_str());
  });
}

void add_system_prune(CLI::App& app, Context& ctx) {
  static bool force = false, all = false, volumes = false;
  auto* p = group(app, "system", "Manage Strata")->add_subcommand("prune", "Remove unused data");
  p->add_flag("-f,--force", force, "Do not prompt for confirmation");
  p->add_flag("-a,--all", all, "Remove all unused images not just dangling ones");
  p->add_flag("--volumes", volumes, "Prune anonymous volumes");
  p->callback([&ctx] {
    std::string warning = "WARNING! This will remove:\n  - all stopped containers\n";
    if (volumes) warning += "  - all anonymous volumes not used by at least one container\n";
    warning += all ? "  - all images without at least one container associated to them\n"
                   : "  - all dangling images\n";
    if (!force && !confirmed(warning)) return;
    auto res = system_prune(ctx.engine(), all, volumes);
    section("Deleted Containers:", res.containers.ids);
    section("Deleted Volumes:", res.volumes);
    section("Deleted Images:", res.images.lines);
    std::printf("Total reclaimed space: %s\n", format::human_size(static_cast<double>(res.reclaimed)).c_str());
  });
}
}  // namespace

void add_prune_commands(CLI::App& app, Context& ctx) {
  add_container_prune(app, ctx);
  add_system_prune(app, ctx);
}

}  // namespace strata::cli
