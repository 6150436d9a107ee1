#include "cli/context.h"

namespace strata::cli {

// Registered here; the commands land with their issue (see docs/ARCHITECTURE.md).
void add_volume_commands(CLI::App& app, Context& ctx) {
  (void)app;
  (void)ctx;
}

}  // namespace strata::cli
