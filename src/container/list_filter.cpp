#include "container/list_filter.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "common/error.h"
#include "common/labels.h"
#include "container/service.h"
#include "image/image_service.h"
#include "mounts/mount_point_store.h"
#include "volume/volume_service.h"

namespace strata::container {

namespace {
using Filters = std::map<std::string, std::vector<std::string>>;

Filters parse(const std::vector<std::string>& given) {
  static const std::set<std::string> keys = {"id", "name", "label", "exited", "status", "ancestor",
                                              "before", "since", "volume"};
  static const std::set<std::string> states = {"created", "restarting", "running", "removing",
                                                "paused", "exited", "dead"};
  Filters f;
  for (auto& kv : given) {
    auto [key, value] = volume::parse_filter(kv);
    if (!keys.count(key)) throw Error(Errc::invalid_argument, "Invalid filter '" + key + "'");
    if (key == "status" && !states.count(value))
      throw Error(Errc::invalid_argument, "Invalid filter 'status=" + value + "'");
    if (key == "exited" && (value.empty() || value.find_first_not_of("-0123456789") != std::string::npos))
      throw Error(Errc::invalid_argument, "Invalid filter 'exited=" + value + "'");
    f[key].push_back(value);
  }
  return f;
}

// Any of the values matches (Docker ORs the values of one key, ANDs the keys).
bool any(const Filters& f, const std::string& key, const std::function<bool(const std::string&)>& pred) {
  auto it = f.find(key);
  return it == f.end() || std::any_of(it->second.begin(), it->second.end(), pred);
}

// Docker matches the pattern as a regular expression against "/name"; a bad pattern matches nothing.
bool name_matches(const std::string& name, const std::string& pattern) {
  try {
    return std::regex_search("/" + name, std::regex(pattern, std::regex::extended));
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace

std::vector<Container> ContainerService::list(const ListOptions& o) {
  const Filters f = parse(o.filters);
  auto values = [&](const std::string& key) {
    auto it = f.find(key);
    return it == f.end() ? std::vector<std::string>{} : it->second;
  };
  auto all = list();  // newest first
  // before/since name containers; they bound the listing by creation order.
  size_t from = 0, to = all.size();
  auto index_of = [&](const std::string& ref) {
    std::string id = get(ref).id;
    return static_cast<size_t>(std::find_if(all.begin(), all.end(), [&](auto& c) { return c.id == id; }) - all.begin());
  };
  for (auto& ref : values("before")) from = std::max(from, index_of(ref) + 1);
  for (auto& ref : values("since")) to = std::min(to, index_of(ref));
  std::set<std::string> ancestors;
  for (auto& ref : values("ancestor"))
    if (auto img = d_.images.store().find(ref)) ancestors.insert(img->id);
  auto descends = [&](std::string id) {
    for (int depth = 0; !id.empty() && depth < 1000; ++depth) {
      if (ancestors.count(id)) return true;
      auto img = d_.images.store().find(id);
      id = img ? img->parent : "";
    }
    return false;
  };
  bool every = o.all || o.last >= 0 || o.latest || f.count("status") || f.count("before") || f.count("since");
  mounts::MountPointStore points(d_.db);
  std::vector<Container> out;
  for (size_t i = from; i < to; ++i) {
    const Container& c = all[i];
    if (!every && !c.state.running) continue;
    if (!any(f, "id", [&](auto& v) { return c.id.rfind(v, 0) == 0; })) continue;
    if (!any(f, "name", [&](auto& v) { return name_matches(c.name, v); })) continue;
    auto labels = values("label");  // every label filter must match
    if (!std::all_of(labels.begin(), labels.end(), [&](auto& v) { return labels_match(c.config["Labels"], v); })) continue;
    if (!any(f, "status", [&](auto& v) { return v == c.state.status; })) continue;
    if (!any(f, "exited", [&](auto& v) { return c.state.status == "exited" && std::to_string(c.state.exit_code) == v; }))
      continue;
    if (f.count("ancestor") && !descends(c.image_id)) continue;
    if (f.count("volume")) {
      auto mine = points.list(c.id);
      if (!any(f, "volume", [&](auto& v) {
            return std::any_of(mine.begin(), mine.end(), [&](auto& p) { return p.name == v || p.destination == v; });
          }))
        continue;
    }
    out.push_back(c);
    if (o.latest || (o.last >= 0 && out.size() >= static_cast<size_t>(o.last))) break;
  }
  return out;
}

}  // namespace strata::container
