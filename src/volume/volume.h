// A volume as the store keeps it and `volume inspect` shows it. Local volumes live in
// <root>/volumes/<name>/_data (the directory 0701, _data 0755), with opts.json beside
// _data when driver options were given, as Docker lays them out.
#pragma once
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace strata::volume {

using Json = nlohmann::ordered_json;
using StringMap = std::map<std::string, std::string>;

struct Volume {
  std::string name;
  std::string driver = "local";
  std::string created;   // CreatedAt: RFC 3339, seconds
  Json labels;           // object, or null when none were given (Docker prints null)
  Json options;          // driver options (type, device, o, size), or null
  bool anonymous = false;
  std::filesystem::path mountpoint;  // <root>/volumes/<name>/_data; a plugin's: what it reports
  int64_t ref_count = -1;             // containers using it, when the listing asked for it
  Json status;                        // a plugin's Status (inspect), or null
  std::string scope = "local";        // a plugin's Capabilities.Scope

  bool is_plugin() const { return driver != "local"; }

  bool has_options() const { return options.is_object() && !options.empty(); }
  std::string label(const std::string& key) const;  // "" when absent
};

// Docker's `volume inspect` object: CreatedAt, Driver, Labels, Mountpoint, Name, Options, Scope
// (and Status when a plugin gives one).
Json inspect_json(const Volume& v);

// CREATE options: name "" makes an anonymous volume (64 hex); so does a name chosen by the
// caller with `anonymous` set (a container's anonymous volume).
struct CreateOptions {
  std::string name{};
  bool anonymous = false;
  std::string driver{};  // "" or "local", or a volume plugin's name
  StringMap labels{};
  StringMap options{};
};

// Docker's name rule [a-zA-Z0-9][a-zA-Z0-9_.-]+: throws invalid_argument
// "create x: volume name is too short, …" / "create my vol: \"my vol\" includes invalid characters …".
void validate_name(const std::string& name);
// The local driver's options: only type, device, o, size; device and type go together, o needs
// both. Throws invalid_argument "create NAME: invalid option: \"foo\"" / "missing required option: \"device\"".
void validate_options(const std::string& name, const StringMap& options);

// Docker's opts.json: {"MountType":…,"MountOpts":…,"MountDevice":…,"Quota":{"Size":0}}.
std::string opts_json(const Json& options);

// sortorder.NaturalLess: digit runs compare as numbers ("v2" < "v10").
bool natural_less(const std::string& a, const std::string& b);

}  // namespace strata::volume
