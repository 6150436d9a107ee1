// Evaluation of commands, fields, function calls and typed arguments.
#include <fmt/format.h>

#include "format/gofmt.h"
#include "format/template_exec.h"

namespace strata::format::tmpl {

std::string type_name(const Value& v) {
  return v.boxed() || v->is_null() ? "interface {}" : go_type_name(*v);
}

bool truth(const Value& v) {
  if (!v.valid()) return false;
  const Json& j = *v;
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_float()) return j.get<double>() != 0;
  if (j.is_number()) return j.get<int64_t>() != 0;
  if (j.is_string()) return !j.get_ref<const std::string&>().empty();
  return !j.is_null() && !j.empty();
}

Json as_any(const Value& v) { return v.valid() ? *v : Json(nullptr); }

Value Exec::eval_command(const Value& dot, const Cmd& c, const std::optional<Value>& final) {
  const Arg& first = c.args[0];
  bool has_args = c.args.size() > 1 || final.has_value();
  switch (first.kind) {
    case Arg::Field: return eval_fields(dot, first, has_args);
    case Arg::Ident: return eval_call(dot, c, final);
    case Arg::Var:
      if (!first.fields.empty()) return eval_fields(var_value(first.name), first, has_args);
      break;
    case Arg::Paren:
      if (!first.fields.empty()) return eval_fields(eval_pipeline(dot, *first.pipe), first, has_args);
      break;
    default: break;
  }
  at(first.pos, first.text);
  if (has_args) fail("can't give argument to non-function " + first.text);
  switch (first.kind) {
    case Arg::Var: return var_value(first.name);
    case Arg::Paren: return eval_pipeline(dot, *first.pipe);
    case Arg::Dot: return dot;
    case Arg::Nil: fail("nil is not a command");
    default: return Value::own(first.value);
  }
}

Value Exec::eval_fields(const Value& recv, const Arg& node, bool has_args) {
  if (node.kind != Arg::Paren) at(node.pos, node.text);  // Go reports a chain at its operand
  Value v = recv;
  for (size_t i = 0; i < node.fields.size(); ++i)
    v = eval_field(v, node.fields[i], has_args && i + 1 == node.fields.size());
  return v;
}

Value Exec::eval_field(const Value& recv, const std::string& name, bool has_args) {
  if (!recv.valid()) {
    if (opts_.missing_key_error) fail(fmt::format("nil data; no entry for key {}", go_quote(name)));
    return {};
  }
  if (recv->is_null()) fail(fmt::format("nil pointer evaluating {}.{}", type_name(recv), name));
  if (!recv->is_object()) fail(fmt::format("can't evaluate field {} in type {}", name, type_name(recv)));
  if (has_args) fail(name + " is not a method but has arguments");
  auto it = recv->find(name);
  if (it != recv->end()) return recv.child(*it);
  if (opts_.missing_key_error) fail(fmt::format("map has no entry for key {}", go_quote(name)));
  return {};
}

Value Exec::eval_call(const Value& dot, const Cmd& c, const std::optional<Value>& final) {
  const Arg& ident = c.args[0];
  at(ident.pos, ident.text);
  const Func* f = find_func(ident.name, opts_.header);
  size_t given = c.args.size() - 1, n = given + (final ? 1 : 0), fixed = f->params.size();
  if (f->variadic && n < fixed)
    fail(fmt::format("wrong number of args for {}: want at least {} got {}", f->name, fixed, given));
  if (!f->variadic && n != fixed) fail(fmt::format("wrong number of args for {}: want {} got {}", f->name, fixed, n));
  auto eval = [&](size_t i) {
    char k = i < fixed ? f->params[i] : 'a';
    Param p = k == 's' ? Param::String : k == 'i' ? Param::Int : k == 'l' ? Param::Strings : Param::Any;
    return i < given ? eval_arg(dot, c.args[i + 1], p) : validate(*final, p);
  };
  std::optional<Args> args;
  if (f->name == "and" || f->name == "or") {
    args.emplace(n, eval);
  } else {
    std::vector<Value> values;
    for (size_t i = 0; i < n; ++i) values.push_back(eval(i));
    args.emplace(std::move(values));
  }
  try {
    return f->fn(*args);
  } catch (const CallError& e) {
    at(c.pos, c.text());
    fail(fmt::format("error calling {}: {}", f->name, e.msg));
  }
}

}  // namespace strata::format::tmpl
