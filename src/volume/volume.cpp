#include "volume/volume.h"

#include <regex>

#include "common/error.h"
#include "format/gofmt.h"

namespace strata::volume {

std::string Volume::label(const std::string& key) const {
  if (!labels.is_object() || !labels.contains(key)) return "";
  return labels[key].get<std::string>();
}

Json inspect_json(const Volume& v) {
  Json j;
  j["CreatedAt"] = v.created;
  j["Driver"] = v.driver;
  j["Labels"] = v.labels;
  j["Mountpoint"] = v.mountpoint.string();
  j["Name"] = v.name;
  j["Options"] = v.options;
  j["Scope"] = v.scope;
  if (!v.status.is_null()) j["Status"] = v.status;
  return j;
}

void validate_name(const std::string& name) {
  static const std::regex re("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
  if (name.size() == 1)
    throw Error(Errc::invalid_argument,
                "create " + name + ": volume name is too short, names should be at least two alphanumeric characters");
  if (!std::regex_match(name, re))
    throw Error(Errc::invalid_argument,
                "create " + name + ": " + format::go_quote(name) +
                    " includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are "
                    "allowed. If you intended to pass a host directory, use absolute path");
}

void validate_options(const std::string& name, const StringMap& options) {
  auto fail = [&](const std::string& msg) { throw Error(Errc::invalid_argument, "create " + name + ": " + msg); };
  for (auto& [k, v] : options)
    if (k != "type" && k != "device" && k != "o" && k != "size") fail("invalid option: " + format::go_quote(k));
  static const std::pair<const char*, std::vector<const char*>> required[] = {
      {"device", {"type"}}, {"o", {"device", "type"}}, {"type", {"device"}}};
  for (auto& [opt, reqs] : required)
    if (options.count(opt))
      for (auto* r : reqs)
        if (!options.count(r)) fail("missing required option: " + format::go_quote(r));
  if (options.count("size")) fail("quota size requested but no quota support");
}

std::string opts_json(const Json& o) {
  nlohmann::ordered_json j;
  j["MountType"] = o.value("type", "");
  j["MountOpts"] = o.value("o", "");
  j["MountDevice"] = o.value("device", "");
  j["Quota"] = {{"Size", 0}};
  return j.dump();
}

bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t i0 = i, j0 = j;
      while (i < a.size() && digit(a[i])) ++i;
      while (j < b.size() && digit(b[j])) ++j;
      std::string x = a.substr(i0, i - i0), y = b.substr(j0, j - j0);
      x.erase(0, std::min(x.find_first_not_of('0'), x.size()));
      y.erase(0, std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace strata::volume
