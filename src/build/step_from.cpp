// FROM: a local image (no registry here) or scratch; ARGs declared before it may name it.
#include <chrono>

#include "build/build_run.h"
#include "build/shell_lex.h"
#include "common/id.h"
#include "format/human.h"
#include "image/config.h"
#include "image/image_service.h"

namespace strata::build {

void BuildRun::from(const Instruction& in) {
  auto meta = [&](const std::string& n) -> std::optional<std::string> {
    auto it = meta_args_.find(n);
    return it == meta_args_.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto words = process_words(in.args, meta, df_.escape);
  // Docker's words when the ARG that names the base is unset or empty.
  if (words.empty() || words[0].empty())
    throw Error(Errc::invalid_argument, "base name (" + in.args.substr(0, in.args.find_first_of(" \t")) +
                                            ") should not be blank");
  const std::string& name = words[0];
  std::string created = format::time_rfc3339nano(std::chrono::system_clock::now());
  if (name == "scratch") {
    config_ = image::new_config({}, created);
  } else {
    auto img = d_.images.store().find(name);
    if (!img) throw Error(Errc::not_found, "No such image: " + name + " (strata has no registry: import or load it first)");
    config_ = Json::parse(img->config);
    image_id_ = img->id;
    top_ = img->top_layer;
  }
  if (!config_.contains("config") || !config_["config"].is_object()) config_["config"] = Json::object();
  if (!config_.contains("history")) config_["history"] = Json::array();
  bool has_path = false;
  for (auto& e : cfg().value("Env", Json::array())) has_path |= e.get<std::string>().rfind("PATH=", 0) == 0;
  if (!has_path) cfg()["Env"].push_back("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  say(" ---> " + (image_id_.empty() ? std::string() : short_id(image_id_)));
}

}  // namespace strata::build
