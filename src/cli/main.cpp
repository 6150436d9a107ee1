// strata: Docker's commands over the Strata library. Parsing only: every
// handler calls one library operation and prints its result.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <algorithm>

#include "cli/aliases.h"
#include "cli/context.h"
#include "common/error.h"

namespace strata::cli {

void for_each_ref(Context& ctx, const std::vector<std::string>& refs, const std::function<void(const std::string&)>& fn,
                  bool print_name) {
  for (auto& r : refs) {
    try {
      fn(r);
      if (print_name) std::printf("%s\n", r.c_str());
    } catch (const Error& e) {
      std::fflush(stdout);
      std::fprintf(stderr, "Error: %s\n", e.what());
      ctx.exit_code = 1;
    }
  }
}

namespace {
int status_for(const Error& e, bool run_like) {
  if (e.code() == Errc::command_not_found) return 127;
  if (e.code() == Errc::cannot_invoke) return 126;
  return run_like ? 125 : 1;
}
}  // namespace

}  // namespace strata::cli

int main(int argc, char** argv) {
  using namespace strata;
  using namespace strata::cli;
  Context ctx;
  CLI::App app{"Strata: a container engine with Docker's storage model", "strata"};
  app.require_subcommand(1);
  app.set_help_flag("--help", "Print usage");
  app.set_help_all_flag("--help-all");
  std::string root = "/var/lib/strata", runroot;
  if (const char* env = std::getenv("STRATA_ROOT")) root = env;
  app.add_option("--root", root, "Root of the store (env STRATA_ROOT)");
  app.add_option("--runroot", runroot, "Root of runtime state (default /run/strata, or <root>/run)");
  std::vector<std::string> args = expand_aliases(std::vector<std::string>(argv + 1, argv + argc));
  std::string command;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--root" || a == "--runroot") { ++i; continue; }
    if (a.rfind("--", 0) == 0) continue;
    command = a;
    break;
  }
  bool run_like = command == "run";
  // Registering every command's flags is ~0.5 ms of each command's start-up: stop at the group
  // that defines the command typed, unless it is a group of subcommands (image, volume, …, which
  // several files extend), help, or unknown (then CLI11 sees them all, as before).
  using AddCommands = void (*)(CLI::App&, Context&);
  bool known = false;
  for (AddCommands add : {add_run_commands, add_container_commands, add_listing_commands, add_image_commands,
                          add_volume_commands, add_image_io_commands, add_build_copy_commands, add_prune_commands,
                          add_info_commands}) {
    add(app, ctx);
    auto found = app.get_subcommands([&](const CLI::App* s) { return s->check_name(command); });
    known = !found.empty();
    if (known && found[0]->get_subcommands([](const CLI::App*) { return true; }).empty()) break;
  }
  if (!command.empty() && !known) {  // Docker: "unknown command: docker nosuch", status 1
    std::fprintf(stderr, "Error: unknown command: strata %s\nSee 'strata --help'.\n", command.c_str());
    return 1;
  }
  app.parse_complete_callback([&] {
    ctx.options.root = root;
    ctx.options.run_root = runroot;
    char exe[4096];
    ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    ctx.options.self_exe = n > 0 ? std::string(exe, static_cast<size_t>(n)) : std::string(argv[0]);
  });
  try {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "Error: %s\nSee 'strata --help'.\n", e.what());
    return 125;
  } catch (const ExitStatus& s) {
    std::fflush(stdout);
    return s.code;
  } catch (const Error& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "Error: %s\n", e.what());
    return status_for(e, run_like);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "Error: %s\n", e.what());
    return run_like ? 125 : 1;
  }
  std::fflush(stdout);
  return ctx.exit_code;
}
