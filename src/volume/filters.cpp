// volume ls filters and volume prune.
#include <regex>
#include <set>

#include "common/error.h"
#include "common/labels.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata::volume {

namespace {
[[noreturn]] void invalid_filter(const std::string& what) {
  throw Error(Errc::invalid_argument, "Invalid filter '" + what + "'");
}

std::vector<std::string> values(const Filters& f, const std::string& key) {
  std::vector<std::string> out;
  for (auto [it, end] = f.equal_range(key); it != end; ++it) out.push_back(it->second);
  return out;
}

std::string go_list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? " " : "") + v[i];
  return s + "]";
}

std::optional<bool> bool_filter(const Filters& f, const std::string& key) {
  auto vals = values(f, key);
  if (vals.empty()) return std::nullopt;
  std::set<std::string> s(vals.begin(), vals.end());
  if (s.count("true") || s.count("1")) return true;
  if (s.count("false") || s.count("0")) return false;
  invalid_filter(key + "=" + go_list(vals));
}
}  // namespace

std::pair<std::string, std::string> parse_filter(const std::string& f) {
  auto eq = f.find('=');
  if (eq == std::string::npos) throw Error(Errc::invalid_argument, "bad format of filter (expected name=value)");
  std::string key = f.substr(0, eq);
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {key, f.substr(eq + 1)};
}

std::vector<Volume> VolumeService::list(const Filters& f) {
  for (auto& [k, v] : f)
    if (k != "name" && k != "label" && k != "driver" && k != "dangling") invalid_filter(k);
  auto dangling = bool_filter(f, "dangling");
  std::vector<std::regex> names;
  for (auto& n : values(f, "name")) {
    try {
      names.emplace_back(n);
    } catch (const std::regex_error&) {
      throw Error(Errc::invalid_argument, "error parsing regexp: " + n);
    }
  }
  auto labels = values(f, "label");
  auto drivers = values(f, "driver");
  std::vector<Volume> out;
  for (auto& v : store_.list()) {
    if (!names.empty() && std::none_of(names.begin(), names.end(), [&](auto& re) { return std::regex_search(v.name, re); }))
      continue;
    if (!std::all_of(labels.begin(), labels.end(), [&](auto& l) { return labels_match(v.labels, l); })) continue;
    if (!drivers.empty() && std::find(drivers.begin(), drivers.end(), v.driver) == drivers.end()) continue;
    if (dangling && (v.ref_count == 0) != *dangling) continue;
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<Volume> VolumeService::prune_candidates(bool all, const Filters& f) {
  for (auto& [k, v] : f)
    if (k != "label" && k != "label!" && k != "all") invalid_filter(k);
  if (auto a = bool_filter(f, "all")) all = all || *a;
  auto with = values(f, "label"), without = values(f, "label!");
  std::vector<Volume> out;
  for (auto& v : store_.list()) {
    if (v.ref_count > 0 || (!v.is_plugin() && v.has_options())) continue;
    if (!all && !v.anonymous) continue;
    if (!std::all_of(with.begin(), with.end(), [&](auto& l) { return labels_match(v.labels, l); })) continue;
    if (std::any_of(without.begin(), without.end(), [&](auto& l) { return labels_match(v.labels, l); })) continue;
    out.push_back(std::move(v));
  }
  return out;
}

std::pair<std::vector<std::string>, int64_t> VolumeService::prune(const std::vector<Volume>& candidates) {
  std::vector<std::string> removed;
  int64_t bytes = 0;
  for (auto& v : candidates) {
    int64_t sz = size(v);
    try {
      remove(v.name, false);
    } catch (const Error& e) {
      if (e.code() == Errc::conflict || e.code() == Errc::not_found) continue;  // used or gone meanwhile
      if (v.is_plugin()) continue;  // the plugin refused or is away: its volume stays
      throw;
    }
    removed.push_back(v.name);
    bytes += sz;
  }
  return {removed, bytes};
}

}  // namespace strata::volume
