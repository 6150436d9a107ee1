// build, cp: flags in, one library call, its output out.
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
}  // namespace

void add_build_copy_commands(CLI::App& app, Context& ctx) { add_cp(app, ctx); }

}  // namespace strata::cli
