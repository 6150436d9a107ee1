// history, image prune (and the `image` group's history/save/load/prune/rm/ls aliases are not
// separate commands): flags in, one library call, Docker's output out.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/context.h"
#include "cli/output.h"
#include "common/error.h"
#include "common/id.h"
#include "format/human.h"
#include "image/image_service.h"

namespace strata::cli {

namespace {
using Json = nlohmann::ordered_json;

Json history_row(const image::HistoryEntry& h, bool human, bool trunc) {
  auto created = format::kZeroTime;
  try {
    created = format::parse_rfc3339(h.created);
  } catch (const Error&) {
  }
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(created);
  std::string rfc = created == format::kZeroTime ? "0001-01-01T00:00:00Z" : format::time_rfc3339nano(secs);
  std::string by = h.created_by;
  for (auto& ch : by)
    if (ch == '\t') ch = ' ';
  Json r;
  r["ID"] = h.id == "<missing>" || !trunc ? h.id : short_id(h.id);
  r["CreatedSince"] = human ? format::human_duration(std::chrono::system_clock::now() - created) + " ago" : rfc;
  r["CreatedAt"] = rfc;
  r["CreatedBy"] = trunc ? format::ellipsis(by, 45) : by;
  r["Size"] = human ? format::human_size(static_cast<double>(h.size)) : std::to_string(h.size);
  r["Comment"] = h.comment;
  return r;
}

void add_history(CLI::App& parent, Context& ctx) {
  static bool no_trunc = false, quiet = false;
  static std::string human = "true", fmt, ref;
  auto* h = parent.add_subcommand("history", "Show the history of an image");
  h->add_option("-H,--human", human, "Print sizes and dates in human readable format (default true)");
  h->add_flag("--no-trunc", no_trunc, "Don't truncate output");
  h->add_flag("-q,--quiet", quiet, "Only show image IDs");
  h->add_option("--format", fmt, "Pretty-print images using a Go template");
  h->add_option("image", ref, "IMAGE")->required();
  h->callback([&ctx] {
    std::vector<Json> rows;
    if (!human.empty() && human[0] == '=') human.erase(0, 1);  // "-H=false", as Go's flag package reads it
    for (auto& e : ctx.engine().images().history(ref)) rows.push_back(history_row(e, human != "false", !no_trunc));
    std::string f = quiet ? "{{.ID}}"
                          : fmt.empty() ? "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}" : fmt;
    print_formatted(f, rows,
                    {{"ID", "IMAGE"}, {"CreatedSince", "CREATED"}, {"CreatedAt", "CREATED AT"}, {"CreatedBy", "CREATED BY"},
                     {"Size", "SIZE"}, {"Comment", "COMMENT"}});
  });
}

void add_prune(CLI::App& image, Context& ctx) {
  static bool all = false, force = false;
  auto* p = image.add_subcommand("prune", "Remove unused images");
  p->add_flag("-a,--all", all, "Remove all unused images, not just dangling ones");
  p->add_flag("-f,--force", force, "Do not prompt for confirmation");
  p->callback([&ctx] {
    if (!force) {
      std::printf("WARNING! This will remove all %s.\nAre you sure you want to continue? [y/N] ",
                  all ? "images without at least one container associated to them" : "dangling images");
      std::fflush(stdout);
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    auto res = ctx.engine().images().prune(all);
    if (!res.lines.empty()) {
      std::printf("Deleted Images:\n");
      for (auto& l : res.lines) std::printf("%s\n", l.c_str());
      std::printf("\n");
    }
    std::printf("Total reclaimed space: %s\n", format::human_size(static_cast<double>(res.reclaimed)).c_str());
  });
}
}  // namespace

void add_image_history_commands(CLI::App& app, Context& ctx) {
  add_history(app, ctx);
  CLI::App* image = nullptr;
  try {
    image = app.get_subcommand("image");
  } catch (const CLI::OptionNotFound&) {
    image = app.add_subcommand("image", "Manage images");
  }
  add_history(*image, ctx);
  add_prune(*image, ctx);
}

}  // namespace strata::cli
