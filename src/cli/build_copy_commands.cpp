// build, cp: flags in, one library call, its output out.
#include <cstdio>
#include <cstdlib>

#include "build/builder.h"
#include "cli/context.h"
#include "common/error.h"
#include "container/copy.h"
#include "container/service.h"

namespace strata::cli {

namespace {
void add_cp(CLI::App& app, Context& ctx) {
  static std::vector<std::string> args;
  static container::CopyOptions opts;
  auto* cp = app.add_subcommand("cp", "Copy files/folders between a container and the local filesystem");
  cp->add_flag("-L,--follow-link", opts.follow_link, "Always follow symbol link in SRC_PATH");
  cp->add_flag("-a,--archive", opts.copy_uid_gid, "Archive mode (copy all uid/gid information)");
  cp->add_option("paths", args, "CONTAINER:SRC_PATH DEST_PATH|- or SRC_PATH|- CONTAINER:DEST_PATH")->expected(0, 2);
  cp->callback([&ctx] {
    if (args.size() != 2) throw Error(Errc::invalid_argument, "\"cp\" requires exactly 2 arguments.");
    ctx.engine().containers().copy(args[0], args[1], opts);
  });
}

void add_build(CLI::App& app, Context& ctx) {
  static build::BuildOptions opts;
  static std::vector<std::string> build_args, context;
  static bool rm = true, force_rm = false;
  auto* b = app.add_subcommand("build", "Build an image from a Dockerfile");
  b->add_option("-t,--tag", opts.tags, "Name and optionally a tag in the 'name:tag' format")->allow_extra_args(false);
  b->add_option("-f,--file", opts.dockerfile, "Name of the Dockerfile (Default is 'PATH/Dockerfile')");
  b->add_option("--build-arg", build_args, "Set build-time variables")->allow_extra_args(false);
  b->add_flag("--no-cache", opts.no_cache, "Do not use cache when building the image");
  b->add_flag("-q,--quiet", opts.quiet, "Suppress the build output and print image ID on success");
  b->add_flag("--rm", rm, "Remove intermediate containers after a successful build (always: true)");
  b->add_flag("--force-rm", force_rm, "Always remove intermediate containers (always: true)");
  b->add_option("PATH", context, "The build context")->expected(0, 1);
  b->callback([&ctx] {
    if (context.size() != 1) throw Error(Errc::invalid_argument, "\"build\" requires exactly 1 argument.");
    opts.context = context[0];
    for (auto& a : build_args) {
      size_t eq = a.find('=');
      if (eq != std::string::npos) opts.build_args[a.substr(0, eq)] = a.substr(eq + 1);
      else if (const char* v = std::getenv(a.c_str())) opts.build_args[a] = v;
    }
    try {
      std::string id = ctx.engine().builder().build(opts);
      if (opts.quiet) std::printf("%s\n", id.c_str());
    } catch (const build::StepFailed& e) {
      std::fflush(stdout);
      std::fprintf(stderr, "%s\n", e.what());
      throw ExitStatus{e.status()};
    }
  });
}
}  // namespace

void add_build_copy_commands(CLI::App& app, Context& ctx) {
  add_cp(app, ctx);
  add_build(app, ctx);
}

}  // namespace strata::cli
