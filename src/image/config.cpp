#include "image/config.h"

#include <sys/utsname.h>

#include <algorithm>

#include "common/error.h"

namespace strata::image {

namespace {
std::string arch() {
  struct utsname u {};
  ::uname(&u);
  std::string m = u.machine;
  if (m == "x86_64") return "amd64";
  if (m == "aarch64") return "arm64";
  return m;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// "k=v k2=v2" or the legacy "k v w" form (ENV, LABEL).
void set_pairs(Json& obj_or_env, const std::string& args, bool env, const std::string& cmd) {
  auto words = split_words(args);
  if (words.empty()) throw Error(Errc::invalid_argument, cmd + " requires at least one argument");
  std::vector<std::pair<std::string, std::string>> kv;
  if (words[0].find('=') == std::string::npos) {
    if (words.size() < 2) throw Error(Errc::invalid_argument, cmd + " must have two arguments");
    size_t sp = args.find_first_of(" \t");
    kv.emplace_back(words[0], trim(args.substr(sp)));
  } else {
    for (auto& w : words) {
      size_t eq = w.find('=');
      if (eq == std::string::npos || eq == 0)
        throw Error(Errc::invalid_argument, "Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
      kv.emplace_back(w.substr(0, eq), w.substr(eq + 1));
    }
  }
  for (auto& [k, v] : kv) {
    if (!env) {
      obj_or_env[k] = v;
      continue;
    }
    if (!obj_or_env.is_array()) obj_or_env = Json::array();
    auto it = std::find_if(obj_or_env.begin(), obj_or_env.end(), [&](const Json& e) {
      auto s = e.get<std::string>();
      return s.compare(0, k.size() + 1, k + "=") == 0;
    });
    if (it != obj_or_env.end()) *it = k + "=" + v;
    else obj_or_env.push_back(k + "=" + v);
  }
}
}  // namespace

Json new_config(const std::vector<std::string>& diff_ids, const std::string& created) {
  Json c;
  c["architecture"] = arch();
  c["config"] = Json::object();
  c["created"] = created;
  c["history"] = Json::array();
  c["os"] = "linux";
  c["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
  return c;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < text.size()) cur += text[++i];
      else cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      cur += text[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(cur), cur.clear(), in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(cur);
  return out;
}

std::vector<std::string> parse_cmd(const std::string& text) {
  std::string t = trim(text);
  if (!t.empty() && t.front() == '[') {
    auto j = nlohmann::json::parse(t, nullptr, false);
    if (j.is_array() && std::all_of(j.begin(), j.end(), [](auto& e) { return e.is_string(); }))
      return j.get<std::vector<std::string>>();
  }
  return {"/bin/sh", "-c", t};
}

void apply_change(Json& cfg, const std::string& instruction) {
  std::string line = trim(instruction);
  size_t sp = line.find_first_of(" \t");
  std::string cmd = line.substr(0, sp), args = sp == std::string::npos ? "" : trim(line.substr(sp));
  std::transform(cmd.begin(), cmd.end(), cmd.begin(), ::toupper);
  if (cmd == "CMD") cfg["Cmd"] = parse_cmd(args);
  else if (cmd == "ENTRYPOINT") cfg["Entrypoint"] = parse_cmd(args);
  else if (cmd == "WORKDIR") cfg["WorkingDir"] = args;
  else if (cmd == "USER") cfg["User"] = args;
  else if (cmd == "STOPSIGNAL") cfg["StopSignal"] = args;
  else if (cmd == "ENV") set_pairs(cfg["Env"], args, true, cmd);
  else if (cmd == "LABEL") set_pairs(cfg["Labels"], args, false, cmd);
  else if (cmd == "VOLUME" || cmd == "EXPOSE") {
    std::vector<std::string> items;
    if (!args.empty() && args.front() == '[') items = parse_cmd(args);
    else items = split_words(args);
    if (items.empty() || (items.size() == 3 && items[0] == "/bin/sh"))
      throw Error(Errc::invalid_argument, cmd + " requires at least one argument");
    Json& target = cfg[cmd == "VOLUME" ? "Volumes" : "ExposedPorts"];
    for (auto& i : items) target[cmd == "EXPOSE" && i.find('/') == std::string::npos ? i + "/tcp" : i] = Json::object();
  } else {
    throw Error(Errc::invalid_argument, cmd + " is not a valid change command");
  }
}

}  // namespace strata::image
