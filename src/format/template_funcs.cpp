// Go's builtin template functions: and, or, not, len, index, slice, print, printf, println.
#include <fmt/format.h>

#include "format/gofmt.h"
#include "format/template_exec.h"
#include "format/template_funcs.h"

namespace strata::format::tmpl {

Value f_and(const Args& a) {
  Value v;
  for (size_t i = 0; i < a.size(); ++i)
    if (v = a.get(i); !truth(v)) break;
  return v;
}

Value f_or(const Args& a) {
  Value v;
  for (size_t i = 0; i < a.size(); ++i)
    if (v = a.get(i); truth(v)) break;
  return v;
}

Value f_not(const Args& a) { return Value::own(!truth(a.get(0))); }

Value f_len(const Args& a) {
  Value v = a.get(0);
  if (!v.valid()) throw CallError{"reflect: call of reflect.Value.Type on zero Value"};
  if (v->is_null()) throw CallError{"len of nil pointer"};
  if (v->is_string()) return Value::own(v->get_ref<const std::string&>().size());
  if (v->is_array() || v->is_object()) return Value::own(v->size());
  throw CallError{"len of type " + go_type_name(*v)};
}

namespace {

// Go's indexArg: an integer index within [0, cap].
int64_t index_arg(const Value& x, size_t cap) {
  if (!x.valid()) throw CallError{"cannot index slice/array with nil"};
  if (!x->is_number_integer()) throw CallError{"cannot index slice/array with type " + type_name(x)};
  int64_t i = x->get<int64_t>();
  if (i < 0 || static_cast<uint64_t>(i) > cap) throw CallError{fmt::format("index out of range: {}", i)};
  return i;
}

}  // namespace

Value f_index(const Args& a) {
  Value item = a.get(0).unboxed();
  if (!item.valid()) throw CallError{"index of untyped nil"};
  for (size_t k = 1; k < a.size(); ++k) {
    Value x = a.get(k).unboxed();
    if (item->is_null()) throw CallError{"index of nil pointer"};
    if (item->is_array() || item->is_string()) {
      bool str = item->is_string();
      size_t len = str ? item->get_ref<const std::string&>().size() : item->size();
      int64_t i = index_arg(x, len);
      if (static_cast<size_t>(i) == len)
        throw CallError{str ? "reflect: string index out of range" : "reflect: slice index out of range"};
      item = str ? Value::own(static_cast<unsigned char>(item->get_ref<const std::string&>()[i]))
                 : item.child((*item)[i]);
    } else if (item->is_object()) {
      if (!x.valid()) throw CallError{"value is nil; should be of type string"};
      if (!x->is_string()) throw CallError{"value has type " + go_type_name(*x) + "; should be string"};
      auto it = item->find(x->get<std::string>());
      item = it == item->end() ? Value::own(nullptr) : item.child(*it);
    } else {
      throw CallError{"can't index item of type " + go_type_name(*item)};
    }
  }
  return item;
}

Value f_slice(const Args& a) {
  Value item = a.get(0).unboxed();
  if (!item.valid()) throw CallError{"slice of untyped nil"};
  size_t n = a.size() - 1;
  if (n > 3) throw CallError{fmt::format("too many slice indexes: {}", n)};
  bool str = item->is_string();
  if (!str && !item->is_array()) throw CallError{"can't slice item of type " + go_type_name(*item)};
  if (str && n == 3) throw CallError{"cannot 3-index slice a string"};
  size_t len = str ? item->get_ref<const std::string&>().size() : item->size();
  int64_t idx[3] = {0, static_cast<int64_t>(len), static_cast<int64_t>(len)};
  for (size_t k = 0; k < n; ++k) idx[k] = index_arg(a.get(k + 1), len);
  for (int k = 0; k < 2; ++k)
    if (idx[k] > idx[k + 1]) throw CallError{fmt::format("invalid slice index: {} > {}", idx[k], idx[k + 1])};
  if (str) return Value::own(item->get<std::string>().substr(idx[0], idx[1] - idx[0]));
  return Value::own(Json(item->begin() + idx[0], item->begin() + idx[1]));
}

namespace {
std::vector<Json> all(const Args& a, size_t from) {
  std::vector<Json> v;
  for (size_t i = from; i < a.size(); ++i) v.push_back(as_any(a.get(i)));
  return v;
}
}  // namespace

Value f_print(const Args& a) { return Value::own(go_print(all(a, 0))); }
Value f_println(const Args& a) { return Value::own(go_println(all(a, 0))); }
Value f_printf(const Args& a) {
  std::string f = a.get(0)->get<std::string>();
  return Value::own(go_sprintf(f, all(a, 1)));
}

}  // namespace strata::format::tmpl
