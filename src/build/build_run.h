// One run of a Dockerfile (internal to build/): the state between steps and the steps.
#pragma once
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "build/builder.h"
#include "build/cache.h"
#include "build/context.h"
#include "build/dockerfile.h"
#include "build/interrupt.h"

namespace strata::container {
struct Container;
}

namespace strata::build {

using Json = nlohmann::ordered_json;

class BuildRun {
 public:
  BuildRun(Builder::Deps& d, const BuildOptions& o, const Dockerfile& df, const BuildContext& ctx);
  ~BuildRun();  // takes away the intermediate image records
  BuildRun(const BuildRun&) = delete;
  BuildRun& operator=(const BuildRun&) = delete;

  std::string run();  // the final image's ID

 private:
  void step(const Instruction& in);
  void from(const Instruction& in);
  void meta(const Instruction& in);  // instructions that change only the config (step_meta.cpp)
  void run_step(const Instruction& in);
  void copy_step(const Instruction& in);

  // Variables for substitution: the config's Env, then the ARGs in scope.
  std::optional<std::string> lookup(const std::string& name) const;
  // The build args a RUN sees ("K=V", sorted), those in scope with a value and no ENV of that name.
  std::vector<std::string> run_args() const;
  Json& cfg() { return config_["config"]; }

  // If the cache has this step (on the current image), takes its result and says so.
  bool cached(const std::string& created_by);
  // Records the step's result: an image of the current config on the current one, with `upper`
  // (a build container's writable layer; "" for none) as its layer if it holds a change, and
  // the cache entry. Returns the new image's ID; call say_image() with it.
  std::string commit(const std::string& created_by, const std::filesystem::path& upper = {});
  void say_image(const std::string& id) const;
  // An image record for the current state (FROM scratch has none until its first step).
  void ensure_image();
  // A build container on the current image running `cmd` (not started).
  container::Container make_container(const std::vector<std::string>& cmd, const std::vector<std::string>& env);
  void remove_container(const std::string& id);
  std::filesystem::path upper_of(const container::Container& c) const;

  void say(const std::string& line) const;

  Builder::Deps& d_;
  const BuildOptions& o_;
  const Dockerfile& df_;
  const BuildContext& ctx_;
  BuildCache cache_;
  Json config_;
  std::string image_id_, top_;
  std::map<std::string, std::optional<std::string>> args_;  // ARGs declared in the stage
  std::map<std::string, std::string> meta_args_;            // ARGs before FROM, with values
  std::set<std::string> used_args_;
  bool cmd_set_ = false;
  std::string author_;  // MAINTAINER
  std::vector<std::string> shell_{"/bin/sh", "-c"};
  std::vector<std::string> transient_;  // image records this run inserted
  std::string final_;
  Interrupts interrupts_;
};

// Go's fmt %q of a string list, as Docker writes CMD/ENTRYPOINT in history: ["sh" "-c"].
std::string go_quoted_list(const std::vector<std::string>& v);

}  // namespace strata::build
