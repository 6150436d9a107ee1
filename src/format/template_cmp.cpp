// Go's template comparison functions eq, ne, lt, le, gt, ge over JSON values.
#include <fmt/format.h>

#include "format/gofmt.h"
#include "format/template_funcs.h"

namespace strata::format::tmpl {
namespace {

enum class Kind { invalid, boolean, integer, floating, string, other };

Kind kind(const Value& v) {
  if (!v.valid()) return Kind::invalid;
  if (v->is_boolean()) return Kind::boolean;
  if (v->is_number_float()) return Kind::floating;
  if (v->is_number()) return Kind::integer;
  if (v->is_string()) return Kind::string;
  return Kind::other;
}

// -1, 0 or 1 for two integers of either signedness, or two floats.
int compare_numbers(const Json& a, const Json& b) {
  if (a.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : x > y;
  }
  bool an = !a.is_number_unsigned() && a.get<int64_t>() < 0, bn = !b.is_number_unsigned() && b.get<int64_t>() < 0;
  if (an != bn) return an ? -1 : 1;
  if (an) return a.get<int64_t>() < b.get<int64_t>() ? -1 : a.get<int64_t>() > b.get<int64_t>();
  return a.get<uint64_t>() < b.get<uint64_t>() ? -1 : a.get<uint64_t>() > b.get<uint64_t>();
}

bool equal(const Value& x, const Value& y) {
  Kind kx = kind(x), ky = kind(y);
  if (kx != ky) {
    if (kx != Kind::invalid && ky != Kind::invalid) throw CallError{"incompatible types for comparison"};
    return false;
  }
  switch (kx) {
    case Kind::invalid: return true;
    case Kind::integer: case Kind::floating: return compare_numbers(*x, *y) == 0;
    case Kind::other:
      if (x->type() != y->type())
        throw CallError{fmt::format("non-comparable types {}: {}, {}: {}", go_sprintf("%s", {*x}), go_type_name(*x),
                                    go_type_name(*y), go_sprint(*y))};
      throw CallError{fmt::format("non-comparable type {}: {}", go_sprintf("%s", {*y}), go_type_name(*y))};
    default: return *x == *y;
  }
}

bool less(const Value& x, const Value& y) {
  Kind kx = kind(x), ky = kind(y);
  if (kx == Kind::invalid || kx == Kind::other || ky == Kind::invalid || ky == Kind::other)
    throw CallError{"invalid type for comparison"};
  if (kx != ky) throw CallError{"incompatible types for comparison"};
  if (kx == Kind::boolean) throw CallError{"invalid type for comparison"};
  if (kx == Kind::string) return x->get_ref<const std::string&>() < y->get_ref<const std::string&>();
  return compare_numbers(*x, *y) < 0;
}

}  // namespace

Value f_eq(const Args& a) {
  Value x = a.get(0).unboxed();
  if (a.size() < 2) throw CallError{"missing argument for comparison"};
  for (size_t i = 1; i < a.size(); ++i)
    if (equal(x, a.get(i).unboxed())) return Value::own(true);
  return Value::own(false);
}

Value f_ne(const Args& a) { return Value::own(!equal(a.get(0).unboxed(), a.get(1).unboxed())); }
Value f_lt(const Args& a) { return Value::own(less(a.get(0).unboxed(), a.get(1).unboxed())); }
Value f_ge(const Args& a) { return Value::own(!less(a.get(0).unboxed(), a.get(1).unboxed())); }

Value f_le(const Args& a) {
  Value x = a.get(0).unboxed(), y = a.get(1).unboxed();
  return Value::own(less(x, y) || equal(x, y));
}

Value f_gt(const Args& a) {
  Value x = a.get(0).unboxed(), y = a.get(1).unboxed();
  return Value::own(!(less(x, y) || equal(x, y)));
}

}  // namespace strata::format::tmpl
