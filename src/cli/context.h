// What every command handler gets: the global options and, on first use, the
// engine (so `--help` works without root or a store).
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "engine/engine.h"

namespace strata::cli {

struct Context {
  EngineOptions options;
  std::unique_ptr<Engine> engine_;
  int exit_code = 0;
  Engine& engine() {
    if (!engine_) engine_ = std::make_unique<Engine>(options);
    return *engine_;
  }
};

// Thrown by a handler to end with a given status after printing nothing more.
struct ExitStatus {
  int code;
};

// Each registers its subcommands on `app`.
void add_run_commands(CLI::App& app, Context& ctx);        // run, create, start
void add_container_commands(CLI::App& app, Context& ctx);  // stop, kill, rm, restart, wait, exec, logs, diff
void add_listing_commands(CLI::App& app, Context& ctx);    // ps, inspect
void add_image_commands(CLI::App& app, Context& ctx);      // import, images, image …, tag, rmi
void add_volume_commands(CLI::App& app, Context& ctx);     // volume create/ls/inspect/rm/prune, system df
void add_image_io_commands(CLI::App& app, Context& ctx);   // commit, history, save, load, export, image prune
void add_build_copy_commands(CLI::App& app, Context& ctx); // build, cp
void add_prune_commands(CLI::App& app, Context& ctx);      // container prune, system prune
void add_info_commands(CLI::App& app, Context& ctx);       // info, version

// Runs fn for each name like Docker's multi-container commands: prints the
// name on success, "Error: …" on failure, and sets exit status 1 if any failed.
void for_each_ref(Context& ctx, const std::vector<std::string>& refs, const std::function<void(const std::string&)>& fn,
                  bool print_name = true);

}  // namespace strata::cli
