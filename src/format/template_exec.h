// Internal: template execution state, values and the function call interface.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "format/template.h"
#include "format/template_ast.h"

namespace strata::format::tmpl {

// A reflect.Value over JSON: invalid (missing key, Go's "<no value>") or a JSON value,
// borrowed from the data or owned. `boxed` marks values read out of a map or slice,
// which Go types as interface {}.
class Value {
 public:
  Value() = default;
  static Value own(Json j) {
    Value v;
    v.own_ = std::make_shared<const Json>(std::move(j));
    v.p_ = v.own_.get();
    return v;
  }
  static Value borrow(const Json& j) {
    Value v;
    v.p_ = &j;
    return v;
  }
  Value child(const Json& j) const {
    Value v = *this;
    v.p_ = &j;
    v.boxed_ = true;
    return v;
  }
  Value unboxed() const {
    if (p_ && p_->is_null()) return {};
    Value v = *this;
    v.boxed_ = false;
    return v;
  }
  bool valid() const { return p_ != nullptr; }
  bool boxed() const { return boxed_; }
  const Json& operator*() const { return *p_; }
  const Json* operator->() const { return p_; }

 private:
  const Json* p_ = nullptr;
  std::shared_ptr<const Json> own_;
  bool boxed_ = false;
};

// Go's type for the dynamic value: interface {} when boxed.
std::string type_name(const Value& v);
// Go's truth: false for invalid, null, false, 0, and empty strings, arrays and maps.
bool truth(const Value& v);
// The value as a function argument typed interface{}: invalid becomes null.
Json as_any(const Value& v);

enum class Param { Any, String, Int, Strings };

// A function's failure; reported as "error calling NAME: MSG".
struct CallError {
  std::string msg;
};

// The arguments of one call: evaluated and type-checked in order before the call, as Go
// does, or on demand for and/or, which short-circuit.
class Args {
 public:
  explicit Args(std::vector<Value> values) : values_(std::move(values)), n_(values_.size()) {}
  Args(size_t n, std::function<Value(size_t)> lazy) : n_(n), lazy_(std::move(lazy)) {}
  size_t size() const { return n_; }
  Value get(size_t i) const { return lazy_ ? lazy_(i) : values_[i]; }

 private:
  std::vector<Value> values_;
  size_t n_;
  std::function<Value(size_t)> lazy_;
};

struct Func {
  std::string_view name;
  std::string_view params;  // one letter per fixed parameter: a any, s string, i int, l []string
  bool variadic;            // any number of further arguments of any type
  Value (*fn)(const Args&);
};
// The function called by name; Docker's header variants when header is set.
const Func* find_func(std::string_view name, bool header = false);

class Exec {
 public:
  Exec(const Tree& t, const Json& root, RenderOptions opts) : tree_(t), opts_(opts), root_(Value::borrow(root)) {}
  std::string run();
  [[noreturn]] void fail(const std::string& msg) const;
  void at(size_t pos, const std::string& context) { at_pos_ = pos, at_text_ = context; }
  Value eval_arg(const Value& dot, const Arg& a, Param p);
  Value validate(const Value& v, Param p);

 private:
  enum class Flow { normal, brk, cont };
  Flow walk(const Value& dot, const std::vector<Node>& list);
  Flow walk_node(const Value& dot, const Node& n);
  Flow walk_range(const Value& dot, const Node& n);
  Value eval_pipeline(const Value& dot, const Pipe& p);
  Value eval_command(const Value& dot, const Cmd& c, const std::optional<Value>& final);
  Value eval_fields(const Value& recv, const Arg& node, bool has_args);
  Value eval_field(const Value& recv, const std::string& name, bool has_args);
  Value eval_call(const Value& dot, const Cmd& c, const std::optional<Value>& final);
  Value var_value(const std::string& name) const;
  void set_var(const std::string& name, const Value& v);

  const Tree& tree_;
  RenderOptions opts_;
  Value root_;
  std::string out_;
  std::vector<std::pair<std::string, Value>> vars_;
  size_t at_pos_ = 0;
  std::string at_text_;
};

}  // namespace strata::format::tmpl
