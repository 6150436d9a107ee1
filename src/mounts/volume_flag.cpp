// -v/--volume: the client's checks (compose ParseVolume), then the daemon's
// (linux_parser.go ParseMountRaw). Single-letter names are names here (Docker's client
// would take "x:" for a Windows drive); the daemon then refuses them as too short.
#include <filesystem>

#include "common/error.h"
#include "mounts/parse.h"
#include "mounts/rules.h"

namespace strata::mounts {

namespace {
[[noreturn]] void invalid(const std::string& msg) { throw Error(Errc::invalid_argument, msg); }

std::string invalid_spec(const std::string& raw) { return "invalid volume specification: '" + raw + "'"; }

void client_checks(const std::string& raw) {
  if (raw.empty()) invalid("invalid empty volume spec");
  if (raw.size() <= 2) return;
  auto fields = split(raw, ':');
  for (auto& f : fields)
    if (f.empty()) invalid("invalid spec: " + raw + ": empty section between colons");
  bool drive = fields[0].size() == 1 && std::isalpha(static_cast<unsigned char>(fields[0][0]));
  if (fields.size() > 3 && !drive) invalid("invalid spec: " + raw + ": too many colons");
}
}  // namespace

Request parse_volume(const std::string& raw) {
  client_checks(raw);
  auto arr = split(raw, ':');
  if (arr.size() > 3 || arr[0].empty()) invalid(invalid_spec(raw));
  Request r;
  r.raw = raw;
  std::string target;
  if (arr.size() == 1) {
    target = arr[0];
  } else if (arr.size() == 2) {
    if (valid_mode(arr[1])) invalid(invalid_spec(raw));  // "/foo:rw": a volume cannot have only a mode
    r.source = arr[0];
    target = arr[1];
  } else {
    r.source = arr[0];
    target = arr[1];
    r.mode = arr[2];
  }
  if (!valid_mode(r.mode)) invalid("invalid mode: " + r.mode);
  // The client makes "./dir" and "." absolute before the daemon sees them.
  if (r.source == "." || r.source.rfind("./", 0) == 0) r.source = (std::filesystem::current_path() / r.source).string();
  r.type = !r.source.empty() && r.source[0] == '/' ? Type::bind : Type::volume;
  r.read_only = !mode_read_write(r.mode);
  auto copy = mode_copy_data(r.mode);
  std::string prop = mode_propagation(r.mode);
  std::string type = type_name(r.type);
  auto fail = [&](const std::string& msg) { invalid(invalid_spec(raw) + ": " + mount_config_error(type, msg)); };
  if (auto e = target_error(target); !e.empty()) fail(e);
  if (r.type == Type::bind) {
    if (copy) fail("field VolumeOptions must not be specified");
    r.source = clean_path(r.source);
    r.propagation = prop.empty() ? "rprivate" : prop;
    r.create_source = true;
  } else {
    if (!prop.empty()) fail("field BindOptions must not be specified");
    r.copy_data = copy.value_or(true);
    r.default_mode_z = !r.source.empty();
  }
  r.destination = clean_path(target);
  return r;
}

}  // namespace strata::mounts
