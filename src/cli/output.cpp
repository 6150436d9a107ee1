#include "cli/output.h"

#include <cstdio>

#include "common/id.h"
#include "format/human.h"
#include "format/table.h"
#include "format/template.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"

namespace strata::cli {

using Json = nlohmann::ordered_json;

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void print_formatted(const std::string& fmt_in, const std::vector<Json>& rows,
                     const std::map<std::string, std::string>& headers) {
  std::string fmt = format::expand_escapes(fmt_in);
  bool table = format::is_table(fmt);
  if (table) fmt = fmt.substr(5);
  while (table && !fmt.empty() && (fmt[0] == ' ' || fmt[0] == '\t')) fmt.erase(0, 1);
  auto tpl = format::Template::parse(fmt);
  if (!table) {
    for (auto& r : rows) std::printf("%s\n", tpl.render(nlohmann::json(r)).c_str());
    return;
  }
  nlohmann::json head;
  for (auto& [k, v] : headers) head[k] = v;
  std::vector<std::vector<std::string>> cells;
  auto split = [](const std::string& line) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      out.push_back(line.substr(start, tab - start));
    out.push_back(line.substr(start));
    return out;
  };
  cells.push_back(split(tpl.render(head)));
  for (auto& r : rows) cells.push_back(split(tpl.render(nlohmann::json(r))));
  std::fputs(format::render_table(cells).c_str(), stdout);
}

void print_inspect(const std::string& fmt, const std::vector<Json>& objects) {
  if (fmt.empty()) {
    Json arr = Json::array();
    for (auto& o : objects) arr.push_back(o);
    std::printf("%s\n", format::json_indent(arr).c_str());
    return;
  }
  auto tpl = format::Template::parse(format::expand_escapes(fmt));
  for (auto& o : objects) std::printf("%s\n", tpl.render(nlohmann::json(o)).c_str());
}

Json image_inspect_json(Context& ctx, const image::ImageRecord& img) {
  auto cfg = Json::parse(img.config);
  Json j;
  j["Id"] = img.id;
  j["RepoTags"] = img.tags;
  j["RepoDigests"] = Json::array();
  j["Parent"] = "";
  j["Comment"] = cfg["history"].empty() ? "" : cfg["history"].back().value("comment", "");
  j["Created"] = cfg.value("created", img.created);
  j["Container"] = "";
  j["DockerVersion"] = "";
  j["Author"] = cfg.value("author", "");
  j["Config"] = cfg.value("config", Json::object());
  j["Architecture"] = cfg.value("architecture", "");
  j["Os"] = cfg.value("os", "linux");
  j["Size"] = img.size;
  j["VirtualSize"] = img.size;
  auto layers = ctx.engine().images().store().layers(img.top_layer);
  Json data;
  if (!layers.empty()) {
    auto& driver = ctx.engine().driver();
    std::string lower;
    for (size_t i = 1; i < layers.size(); ++i) lower += (lower.empty() ? "" : ":") + driver.diff_dir(layers[i].cache_id).string();
    if (!lower.empty()) data["LowerDir"] = lower;
    auto top = ctx.engine().paths().overlay2() / layers[0].cache_id;
    data["MergedDir"] = (top / "merged").string();
    data["UpperDir"] = (top / "diff").string();
    data["WorkDir"] = (top / "work").string();
  }
  j["GraphDriver"] = {{"Data", data}, {"Name", "overlay2"}};
  j["RootFS"] = {{"Type", "layers"}, {"Layers", cfg["rootfs"]["diff_ids"]}};
  j["Metadata"] = {{"LastTagTime", "0001-01-01T00:00:00Z"}};
  return j;
}

}  // namespace strata::cli
