// Function arguments: evaluation and Go's type checks (evalArg, validateType).
#include <algorithm>

#include <fmt/format.h>

#include "format/gofmt.h"
#include "format/template_exec.h"

namespace strata::format::tmpl {

Value Exec::eval_arg(const Value& dot, const Arg& a, Param p) {
  at(a.pos, a.text);
  static const char* names[] = {"interface {}", "string", "int", "[]string"};
  switch (a.kind) {
    case Arg::Dot: return validate(dot, p);
    case Arg::Nil:
      if (p == Param::String || p == Param::Int) fail(fmt::format("cannot assign nil to {}", names[int(p)]));
      return Value::own(p == Param::Strings ? Json::array() : Json(nullptr));
    case Arg::Field: return validate(eval_fields(dot, a, false), p);
    case Arg::Var:
      return validate(a.fields.empty() ? var_value(a.name) : eval_fields(var_value(a.name), a, false), p);
    case Arg::Paren: {
      Value v = eval_pipeline(dot, *a.pipe);
      return validate(a.fields.empty() ? v : eval_fields(v, a, false), p);
    }
    case Arg::Ident: return validate(eval_call(dot, Cmd{a.pos, {a}}, std::nullopt), p);
    default: break;
  }
  if (p == Param::Strings) fail(fmt::format("can't handle {} for arg of type []string", a.text));
  if (p == Param::String && a.kind != Arg::String) fail("expected string; found " + a.text);
  if (p == Param::Int && !a.value.is_number_integer()) fail("expected integer; found " + a.text);
  return Value::own(a.value);
}

Value Exec::validate(const Value& v, Param p) {
  static const char* names[] = {"interface {}", "string", "int", "[]string"};
  if (p == Param::Any) return v;
  if (!v.valid()) {
    if (p == Param::Strings) return Value::own(Json::array());
    fail(fmt::format("invalid value; expected {}", names[int(p)]));
  }
  bool ok = p == Param::String ? v->is_string() : p == Param::Int ? v->is_number_integer()
          : v->is_array() && std::all_of(v->begin(), v->end(), [](const Json& e) { return e.is_string(); });
  if (!ok)
    fail(fmt::format("wrong type for value; expected {}; got {}", names[int(p)],
                     v->is_null() ? "interface {}" : go_type_name(*v)));
  return v;
}

}  // namespace strata::format::tmpl
