// --mount: the client's parsing (docker/cli opts/mount.go), then the daemon's checks
// (linux_parser.go ParseMountSpec, which also wants a bind source to exist).
#include <sys/stat.h>

#include <algorithm>

#include "common/error.h"
#include "mounts/parse.h"
#include "mounts/rules.h"

namespace strata::mounts {

namespace {
// One line of encoding/csv: comma-separated, fields optionally "quoted" with "" for a quote.
std::vector<std::string> csv_fields(const std::string& s, std::string& err) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    std::string f;
    if (i < s.size() && s[i] == '"') {
      for (++i;; ++i) {
        if (i >= s.size()) return err = "extraneous or missing \" in quoted-field", out;
        if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') f += '"', ++i;
        else if (s[i] == '"') break;
        else f += s[i];
      }
      ++i;
      if (i < s.size() && s[i] != ',') return err = "extraneous or missing \" in quoted-field", out;
    } else {
      while (i < s.size() && s[i] != ',') {
        if (s[i] == '"') return err = "bare \" in non-quoted-field", out;
        f += s[i++];
      }
    }
    out.push_back(f);
    if (i >= s.size()) return out;
    ++i;  // the comma
  }
}

std::optional<bool> parse_bool(const std::string& v) {
  if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") return false;
  return std::nullopt;
}

void set_on_map(Json& target, std::map<std::string, std::string>& m, const std::string& value) {
  auto eq = value.find('=');
  std::string k = value.substr(0, eq), v = eq == std::string::npos ? "" : value.substr(eq + 1);
  m[k] = v;
  target[k] = v;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

Request parse_mount(const std::string& raw) {
  auto client = [&](const std::string& msg) {
    throw Error(Errc::invalid_argument, "invalid argument \"" + raw + "\" for \"--mount\" flag: " + msg);
  };
  std::string err;
  auto fields = csv_fields(raw, err);
  if (!err.empty()) client("parse error on line 1: " + err);
  Request r;
  r.raw = raw;
  Json api = Json::object(), vol, bind, tmpfs;
  std::string type = "volume", target;
  bool has_vol = false, has_bind = false, has_tmpfs = false, nocopy = false;
  int64_t size = 0;
  unsigned mode = 0;
  for (auto& field : fields) {
    auto eq = field.find('=');
    std::string key = lower(field.substr(0, eq));
    if (eq == std::string::npos) {
      if (key == "readonly" || key == "ro") { r.read_only = true; continue; }
      if (key == "volume-nocopy") { has_vol = nocopy = true; continue; }
      client("invalid field '" + field + "' must be a key=value pair");
    }
    std::string value = field.substr(eq + 1);
    if (key == "type") type = lower(value);
    else if (key == "source" || key == "src") r.source = value;
    else if (key == "target" || key == "dst" || key == "destination") target = value;
    else if (key == "readonly" || key == "ro") {
      auto b = parse_bool(value);
      if (!b) client("invalid value for " + key + ": " + value);
      r.read_only = *b;
    } else if (key == "consistency") api["Consistency"] = lower(value);
    else if (key == "bind-propagation") has_bind = true, r.propagation = lower(value), bind["Propagation"] = r.propagation;
    else if (key == "bind-nonrecursive") {
      has_bind = true;
      if (!parse_bool(value)) client("invalid value for " + key + ": " + value);
      if (*parse_bool(value)) bind["NonRecursive"] = true;
    } else if (key == "volume-nocopy") {
      auto b = parse_bool(value);
      if (!b) client("invalid value for volume-nocopy: " + value);
      has_vol = true, nocopy = *b;
    } else if (key == "volume-label") has_vol = true, set_on_map(vol["Labels"], r.volume_labels, value);
    else if (key == "volume-driver") has_vol = true, r.volume_driver = value;
    else if (key == "volume-opt") has_vol = true, set_on_map(vol["DriverConfig"]["Options"], r.volume_options, value);
    else if (key == "tmpfs-size") {
      auto b = ram_in_bytes(value);
      if (!b) client("invalid value for " + key + ": " + value);
      has_tmpfs = true, size = *b;
    } else if (key == "tmpfs-mode") {
      char* end = nullptr;
      unsigned long m = value.empty() ? 0 : std::strtoul(value.c_str(), &end, 8);
      if (value.empty() || *end || m > 0xffffffffUL || value[0] == '-' || value[0] == '+')
        client("invalid value for " + key + ": " + value);
      has_tmpfs = true, mode = static_cast<unsigned>(m);
    } else {
      client("unexpected key '" + key + "' in '" + field + "'");
    }
  }
  if (type.empty()) client("type is required");
  if (target.empty()) client("target is required");
  if (has_vol && type != "volume") client("cannot mix 'volume-*' options with mount type '" + type + "'");
  if (has_bind && type != "bind") client("cannot mix 'bind-*' options with mount type '" + type + "'");
  if (has_tmpfs && type != "tmpfs") client("cannot mix 'tmpfs-*' options with mount type '" + type + "'");

  // What the daemon receives (HostConfig.Mounts), then its checks.
  api["Type"] = type;
  if (!r.source.empty()) api["Source"] = r.source;
  api["Target"] = target;
  if (r.read_only) api["ReadOnly"] = true;
  if (has_bind) api["BindOptions"] = bind.is_null() ? Json::object() : bind;
  if (has_vol) {
    Json v = Json::object();
    if (nocopy) v["NoCopy"] = true;
    if (!vol["Labels"].is_null()) v["Labels"] = vol["Labels"];
    Json d = Json::object();
    if (!r.volume_driver.empty()) d["Name"] = r.volume_driver;
    if (!vol["DriverConfig"].is_null()) d["Options"] = vol["DriverConfig"]["Options"];
    v["DriverConfig"] = d;
    api["VolumeOptions"] = v;
  }
  if (has_tmpfs) {
    api["TmpfsOptions"] = Json::object();
    if (size) api["TmpfsOptions"]["SizeBytes"] = size;
    if (mode) api["TmpfsOptions"]["Mode"] = mode;
  }
  // Keys in Docker's field order.
  Json ordered;
  for (auto* k : {"Type", "Source", "Target", "ReadOnly", "Consistency", "BindOptions", "VolumeOptions", "TmpfsOptions"})
    if (api.contains(k)) ordered[k] = api[k];
  r.api = ordered;

  auto daemon = [&](const std::string& msg) { throw Error(Errc::invalid_argument, mount_config_error(type, msg)); };
  if (auto e = target_error(target); !e.empty()) daemon(e);
  if (type == "bind") {
    r.type = Type::bind;
    if (r.source.empty()) daemon("field Source must not be empty");
    if (!r.propagation.empty() && mode_propagation(r.propagation) != r.propagation)
      daemon("invalid propagation mode: " + r.propagation);
    if (auto e = absolute_error(r.source); !e.empty()) daemon(e);
    struct stat st {};
    if (::stat(r.source.c_str(), &st) != 0) daemon("bind source path does not exist: " + r.source);
    r.source = clean_path(r.source);
    if (r.propagation.empty()) r.propagation = "rprivate";
  } else if (type == "volume") {
    r.type = Type::volume;
    if (r.source.empty() && r.read_only) daemon("must not set ReadOnly mode when using anonymous volumes");
    r.copy_data = !nocopy;
    r.default_mode_z = true;
  } else if (type == "tmpfs") {
    r.type = Type::tmpfs;
    if (!r.source.empty()) daemon("field Source must not be specified");
    std::string data;
    if (r.read_only) data = "ro";
    if (mode) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "mode=%o", mode);
      data += (data.empty() ? "" : ",") + std::string(buf);
    }
    if (size) {
      std::string suffix;
      for (auto [s, d] : {std::pair{"g", int64_t(1) << 30}, {"m", int64_t(1) << 20}, {"k", int64_t(1) << 10}})
        if (size % d == 0) {
          size /= d, suffix = s;
          break;
        }
      data += (data.empty() ? "" : ",") + std::string("size=") + std::to_string(size) + suffix;
    }
    r.tmpfs_data = data;
  } else {
    daemon("mount type unknown");
  }
  r.destination = clean_path(target);
  return r;
}

}  // namespace strata::mounts
