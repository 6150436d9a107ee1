#include "cli/output.h"

#include <cstdio>

#include "common/id.h"
#include "format/human.h"
#include "format/json.h"
#include "format/table.h"
#include "format/template.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"

namespace strata::cli {

using Json = nlohmann::ordered_json;

void print_formatted(const std::string& fmt_in, const std::vector<Json>& rows,
                     const std::map<std::string, std::string>& headers) {
  bool table = format::is_table(fmt_in);
  auto tpl = format::Template::parse(format::prepare_format(fmt_in));
  if (!table) {
    for (auto& r : rows) std::printf("%s\n", tpl.render(r).c_str());
    return;
  }
  // Docker renders the header through the same template, in header mode.
  Json head;
  for (auto& [k, v] : headers) head[k] = v;
  std::string text = tpl.render(head, {.missing_key_error = false, .header = true}) + "\n";
  for (auto& r : rows) text += tpl.render(r) + "\n";
  std::fputs(format::tabwrite(text).c_str(), stdout);
}

void print_inspect(const std::string& fmt, const std::vector<Json>& objects) {
  if (fmt.empty()) {
    Json arr = Json::array();
    for (auto& o : objects) arr.push_back(o);
    std::printf("%s\n", format::json_indent(arr).c_str());
    return;
  }
  auto tpl = format::Template::parse(format::prepare_format(fmt));
  for (auto& o : objects) std::printf("%s\n", tpl.render(o, {.missing_key_error = true}).c_str());
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
