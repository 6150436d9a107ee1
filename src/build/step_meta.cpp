// Steps that change only the image config: ENV, ARG, LABEL, WORKDIR, USER, EXPOSE, VOLUME, CMD,
// ENTRYPOINT, STOPSIGNAL, MAINTAINER, SHELL. Each still becomes an image (as in Docker's legacy
// builder), recorded in the history as "/bin/sh -c #(nop)  …" with an empty layer.
#include "build/build_run.h"
#include "build/dockerfile_rules.h"
#include "build/shell_lex.h"
#include "container/copy_paths.h"

namespace strata::build {

std::string go_quoted_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + Json(v[i]).dump();
  return out + "]";
}

std::optional<std::string> BuildRun::lookup(const std::string& name) const {
  if (config_.contains("config") && config_["config"].contains("Env"))
    for (auto& e : config_["config"]["Env"]) {
      std::string s = e.get<std::string>();
      if (s.compare(0, name.size() + 1, name + "=") == 0) return s.substr(name.size() + 1);
    }
  auto it = args_.find(name);
  if (it != args_.end()) return it->second;
  return std::nullopt;
}

std::vector<std::string> BuildRun::run_args() const {
  std::vector<std::string> out;
  for (auto& [k, v] : args_) {
    bool in_env = false;
    for (auto& e : config_["config"].value("Env", Json::array()))
      in_env |= e.get<std::string>().compare(0, k.size() + 1, k + "=") == 0;
    if (v && !in_env) out.push_back(k + "=" + *v);
  }
  return out;  // std::map: sorted by name, as Docker sorts them
}

namespace {
void set_env(Json& env, const std::string& k, const std::string& v) {
  if (!env.is_array()) env = Json::array();
  for (auto& e : env)
    if (e.get<std::string>().compare(0, k.size() + 1, k + "=") == 0) return void(e = k + "=" + v);
  env.push_back(k + "=" + v);
}
}  // namespace

void BuildRun::meta(const Instruction& in) {
  auto env = [&](const std::string& n) { return lookup(n); };
  const std::string& c = in.cmd;
  std::string shown;  // what follows "#(nop)  C " in the history
  if (c == "ENV" || c == "LABEL") {
    // Every value sees the variables as they were before this line (Docker's rule).
    std::vector<std::pair<std::string, std::string>> kvs;
    for (auto& [rk, rv] : name_values(in, df_.escape)) {
      kvs.emplace_back(process_word(rk, env, df_.escape), process_word(rv, env, df_.escape));
      if (kvs.back().first.empty()) throw Error(Errc::invalid_argument, c + " names can not be blank");
    }
    for (auto& [k, v] : kvs) {
      if (c == "ENV") set_env(cfg()["Env"], k, v);
      else cfg()["Labels"][k] = v;
      shown += (shown.empty() ? "" : " ") + k + "=" + v;
    }
  } else if (c == "ARG") {
    for (auto& w : raw_words(in.args, df_.escape)) {
      size_t eq = w.find('=');
      std::string name = process_word(w.substr(0, eq), env, df_.escape);
      std::optional<std::string> value;
      if (eq != std::string::npos) value = process_word(w.substr(eq + 1), env, df_.escape);
      else if (meta_args_.count(name)) value = meta_args_[name];
      auto given = o_.build_args.find(name);
      if (given != o_.build_args.end()) value = given->second, used_args_.insert(name);
      args_[name] = value;
    }
    shown = in.args;
  } else if (c == "WORKDIR") {
    std::string dir = process_word(in.args, env, df_.escape);
    if (dir.empty() || dir[0] != '/') dir = container::cp::join("/" + cfg().value("WorkingDir", ""), dir);
    cfg()["WorkingDir"] = dir;
    if (!cached("/bin/sh -c #(nop) WORKDIR " + dir)) say_image(commit("/bin/sh -c #(nop) WORKDIR " + dir));
    return;
  } else if (c == "USER" || c == "STOPSIGNAL") {
    shown = process_word(in.args, env, df_.escape);
    cfg()[c == "USER" ? "User" : "StopSignal"] = shown;
  } else if (c == "MAINTAINER") {
    shown = process_word(in.args, env, df_.escape);
    author_ = shown;
  } else if (c == "EXPOSE") {
    auto ports = process_words(in.args, env, df_.escape);
    for (auto& p : ports) cfg()["ExposedPorts"][p.find('/') == std::string::npos ? p + "/tcp" : p] = Json::object();
    for (auto& p : ports) shown += (shown.empty() ? "" : " ") + p;
  } else if (c == "VOLUME") {
    auto vols = in.json ? in.json_args : process_words(in.args, env, df_.escape);
    for (auto& v : vols) {
      if (v.empty()) throw Error(Errc::invalid_argument, "VOLUME specified can not be an empty string");
      cfg()["Volumes"][v] = Json::object();
    }
    shown = "[";
    for (size_t i = 0; i < vols.size(); ++i) shown += (i ? " " : "") + vols[i];
    shown += "]";
  } else if (c == "CMD" || c == "ENTRYPOINT" || c == "SHELL") {
    std::vector<std::string> v = in.json ? in.json_args : shell_;
    if (!in.json) v.push_back(in.args);
    if (c == "SHELL") shell_ = v, cfg()["Shell"] = v;
    if (c == "CMD") cfg()["Cmd"] = v, cmd_set_ = true;
    if (c == "ENTRYPOINT") {
      cfg()["Entrypoint"] = v;
      if (!cmd_set_) cfg()["Cmd"] = nullptr;  // an inherited CMD does not survive a new ENTRYPOINT
    }
    shown = go_quoted_list(v);
  }
  // On a hit cached() replaces the config changed above with the one the cache holds.
  std::string created_by = "/bin/sh -c #(nop)  " + c + " " + shown;
  if (!cached(created_by)) say_image(commit(created_by));
}

}  // namespace strata::build
