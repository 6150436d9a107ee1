// Template execution: walking text, actions, if/with/range, and variables.
#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "format/gofmt.h"
#include "format/template_exec.h"

namespace strata::format::tmpl {

std::string Exec::run() {
  if (root_->is_null()) root_ = Value();
  vars_ = {{"$", root_}};
  walk(root_, tree_.root);
  return std::move(out_);
}

void Exec::fail(const std::string& msg) const {
  std::string_view src = tree_.source;
  size_t pos = std::min(at_pos_, src.size());
  size_t nl = src.substr(0, pos).rfind('\n');
  size_t col = nl == std::string_view::npos ? pos : pos - nl - 1;
  int line = 1 + static_cast<int>(std::count(src.begin(), src.begin() + pos, '\n'));
  throw Error(Errc::invalid_argument,
              fmt::format("template parsing error: template: :{}:{}: executing \"\" at <{}>: {}", line, col,
                          at_text_, msg));
}

Exec::Flow Exec::walk(const Value& dot, const std::vector<Node>& list) {
  for (const Node& n : list)
    if (Flow f = walk_node(dot, n); f != Flow::normal) return f;
  return Flow::normal;
}

Exec::Flow Exec::walk_node(const Value& dot, const Node& n) {
  switch (n.kind) {
    case Node::Text: out_ += n.text; return Flow::normal;
    case Node::Break: return Flow::brk;
    case Node::Continue: return Flow::cont;
    case Node::Range: return walk_range(dot, n);
    case Node::Action: {
      Value v = eval_pipeline(dot, n.pipe);
      if (n.pipe.decl.empty()) out_ += v.valid() ? go_sprint(*v) : "<no value>";
      return Flow::normal;
    }
    default: break;
  }
  size_t mark = vars_.size();
  Value v = eval_pipeline(dot, n.pipe);
  Flow f = truth(v) ? walk(n.kind == Node::With ? v : dot, n.list) : walk(dot, n.else_list);
  vars_.resize(mark);
  return f;
}

Exec::Flow Exec::walk_range(const Value& dot, const Node& n) {
  size_t mark = vars_.size();
  Value v = eval_pipeline(dot, n.pipe);
  const auto& decl = n.pipe.decl;
  bool any = false, stop = false;
  auto iterate = [&](const Value& key, const Value& elem) {
    any = true;
    if (!decl.empty()) set_var(decl[0], decl.size() > 1 ? key : elem);
    if (decl.size() > 1) set_var(decl[1], elem);
    size_t inner = vars_.size();
    stop = walk(elem, n.list) == Flow::brk;
    vars_.resize(inner);
  };
  if (v.valid() && v->is_array()) {
    for (size_t i = 0; i < v->size() && !stop; ++i) iterate(Value::own(i), v.child((*v)[i]));
  } else if (v.valid() && v->is_object()) {
    std::vector<std::string> keys;
    for (auto& [k, _] : v->items()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size() && !stop; ++i) iterate(Value::own(keys[i]), v.child(v->at(keys[i])));
  } else if (v.valid() && v->is_number_integer()) {
    if (decl.size() > 1) fail(fmt::format("can't use {} to iterate over more than one variable", go_sprint(*v)));
    for (int64_t i = 0; i < v->get<int64_t>() && !stop; ++i) iterate(Value::own(i), Value::own(i));
  } else if (v.valid()) {
    fail("range can't iterate over " + go_sprint(*v));
  }
  if (!any) walk(dot, n.else_list);
  vars_.resize(mark);
  return Flow::normal;
}

Value Exec::eval_pipeline(const Value& dot, const Pipe& p) {
  at(p.pos, p.text());
  std::optional<Value> v;
  for (const Cmd& c : p.cmds) v = eval_command(dot, c, v).unboxed();
  for (const std::string& name : p.decl) {
    if (p.assign) set_var(name, *v);
    else vars_.emplace_back(name, *v);
  }
  return *v;
}

Value Exec::var_value(const std::string& name) const {
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
    if (it->first == name) return it->second;
  fail("undefined variable: " + name);
}

void Exec::set_var(const std::string& name, const Value& v) {
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
    if (it->first == name) return void(it->second = v);
  fail("undefined variable: " + name);
}

}  // namespace strata::format::tmpl
