#include "format/template.h"

#include "format/template_exec.h"

namespace strata::format {

Template Template::parse(std::string_view text) {
  Template t;
  t.tree_ = tmpl::parse_tree(text);
  return t;
}

std::string Template::render(const nlohmann::ordered_json& data, RenderOptions opts) const {
  if (!tree_) return "";
  return tmpl::Exec(*tree_, data, opts).run();
}

std::string Template::render(const nlohmann::json& data, RenderOptions opts) const {
  return render(nlohmann::ordered_json(data), opts);
}

bool is_table(std::string_view fmt) { return fmt.starts_with("table"); }

}  // namespace strata::format
