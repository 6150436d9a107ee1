// import, images, tag, rmi, image inspect.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "cli/context.h"
#include "cli/output.h"
#include "common/error.h"
#include "common/fd.h"
#include "common/id.h"
#include "format/human.h"
#include "image/image_service.h"

namespace strata::cli {

namespace {
using Json = nlohmann::ordered_json;

void add_import(CLI::App& app, Context& ctx) {
  static std::vector<std::string> args, changes;
  static std::string message;
  auto* im = app.add_subcommand("import", "Import the contents from a tarball to create a filesystem image");
  im->add_option("-c,--change", changes, "Apply Dockerfile instruction to the created image")->allow_extra_args(false);
  im->add_option("-m,--message", message, "Set commit message for imported image");
  im->add_option("file", args, "file|- [REPOSITORY[:TAG]]")->required()->expected(1, 2);
  im->callback([&ctx] {
    image::ImportOptions o;
    o.changes = changes;
    o.message = message;
    o.source = args[0];
    if (args.size() > 1) o.tag = image::parse_reference(args[1]);
    UniqueFd fd(args[0] == "-" ? ::dup(0) : ::open(args[0].c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) throw Error(Errc::not_found, "open " + args[0] + ": no such file or directory");
    std::printf("%s\n", ctx.engine().images().import(fd.get(), o).c_str());
  });
}

void add_images(CLI::App& app, Context& ctx) {
  static bool quiet = false, no_trunc = false, all = false;
  static std::string fmt, filter;
  auto run = [&ctx] {
    // REPOSITORY[:TAG]: Docker's positional filter on the listing.
    std::string want_repo = filter, want_tag;
    if (!filter.empty()) {
      auto ref = image::parse_reference(filter);
      want_repo = ref.repository;
      if (filter.find(':', filter.rfind('/') == std::string::npos ? 0 : filter.rfind('/')) != std::string::npos)
        want_tag = ref.tag;
    }
    std::vector<Json> rows;
    for (auto& img : ctx.engine().images().store().list()) {
      auto cfg = Json::parse(img.config);
      std::vector<std::pair<std::string, std::string>> names;
      for (auto& t : img.tags) {
        auto colon = t.rfind(':');
        names.emplace_back(t.substr(0, colon), t.substr(colon + 1));
      }
      if (names.empty()) names.emplace_back("<none>", "<none>");
      for (auto& [repo, tag] : names) {
        if (!want_repo.empty() && (repo != want_repo || (!want_tag.empty() && tag != want_tag))) continue;
        Json r;
        r["Repository"] = repo;
        r["Tag"] = tag;
        r["ID"] = no_trunc ? img.id : short_id(img.id);
        r["Digest"] = "<none>";
        std::string created = cfg.value("created", img.created);
        auto age = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() -
                                                                    format::parse_rfc3339(created));
        r["CreatedSince"] = format::human_duration(age) + " ago";
        r["CreatedAt"] = created;
        r["Size"] = format::human_size(img.size);
        rows.push_back(r);
      }
    }
    std::string f = quiet ? "{{.ID}}" : fmt.empty() ? "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}" : fmt;
    if (quiet) {  // one line per image, not per tag
      std::vector<Json> uniq;
      for (auto& r : rows)
        if (uniq.empty() || uniq.back()["ID"] != r["ID"]) uniq.push_back(r);
      rows = uniq;
    }
    print_formatted(f, rows,
                    {{"Repository", "REPOSITORY"}, {"Tag", "TAG"}, {"ID", "IMAGE ID"}, {"CreatedSince", "CREATED"},
                     {"CreatedAt", "CREATED AT"}, {"Size", "SIZE"}, {"Digest", "DIGEST"}});
  };
  for (auto* cmd : {app.add_subcommand("images", "List images")}) {
    cmd->add_flag("-q,--quiet", quiet, "Only show image IDs");
    cmd->add_flag("-a,--all", all, "Show all images");
    cmd->add_flag("--no-trunc", no_trunc, "Don't truncate output");
    cmd->add_option("--format", fmt, "Pretty-print images using a Go template");
    cmd->add_option("repository", filter, "REPOSITORY[:TAG]");
    cmd->callback(run);
  }
}

void add_tag_rmi(CLI::App& app, Context& ctx) {
  static std::string src, dst;
  auto* tg = app.add_subcommand("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE");
  tg->add_option("source", src)->required();
  tg->add_option("target", dst)->required();
  tg->callback([&ctx] { ctx.engine().images().tag(src, dst); });
  static std::vector<std::string> refs;
  static bool force = false;
  auto* rmi = app.add_subcommand("rmi", "Remove one or more images");
  rmi->add_flag("-f,--force", force, "Force removal of the image");
  rmi->add_option("images", refs)->required();
  rmi->callback([&ctx] {
    for_each_ref(
        ctx, refs,
        [&](const std::string& r) {
          for (auto& line : ctx.engine().images().remove(r, force)) std::printf("%s\n", line.c_str());
        },
        false);
  });
  static std::vector<std::string> inspect_refs;
  static std::string fmt;
  auto* img = app.add_subcommand("image", "Manage images");
  auto* ii = img->add_subcommand("inspect", "Display detailed information on one or more images");
  ii->add_option("-f,--format", fmt, "Format the output using the given Go template");
  ii->add_option("images", inspect_refs)->required();
  ii->callback([&ctx] {
    std::vector<Json> found;
    for_each_ref(
        ctx, inspect_refs,
        [&](const std::string& r) { found.push_back(image_inspect_json(ctx, ctx.engine().images().store().resolve(r))); },
        false);
    print_inspect(fmt, found);
  });
}
}  // namespace

void add_image_commands(CLI::App& app, Context& ctx) {
  add_import(app, ctx);
  add_images(app, ctx);
  add_tag_rmi(app, ctx);
}

}  // namespace strata::cli
