// Go text/template, as Docker's --format uses it, evaluated over JSON values.
// Supported: text, {{- -}} trimming, comments, fields .A.B, $ and $vars (:= and =), ( ),
// pipelines, if/else if/else, with/else with, range (arrays, maps by sorted key, integers)
// with else/break/continue, Go's builtins and, or, not, len, index, slice, print, printf,
// println, eq, ne, lt, le, gt, ge, and Docker's json, split, join, title, lower, upper, pad,
// truncate. Not supported (parse error): define/template/block, call, html, js, urlquery.
// JSON values stand for the Go values Docker formats: objects are maps (printed map[k:v],
// sorted keys, ranged in key order), arrays are []interface {}, integers are int, other
// numbers float64 (1.234567e+06), null and missing keys print "<no value>".
// Limits: a Go struct prints as {v1 v2} in Docker but as a map here; comparing an integer
// with a float is an error as in Go ("incompatible types for comparison"); join needs an
// array of strings; unassigned code points count as printable in %q.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace strata::format {

struct RenderOptions {
  // Docker inspect's raw fallback (missingkey=error): a missing map key is an error
  // ("map has no entry for key") instead of printing "<no value>".
  bool missing_key_error = false;
  // Docker's HeaderFunctions for table headers: json, split, join, title, lower, upper and
  // truncate return their first (string) argument unchanged.
  bool header = false;
};

namespace tmpl {
struct Tree;
}

class Template {
 public:
  // Parses; throws Error(invalid_argument, "template parsing error: template: :1: ...").
  static Template parse(std::string_view text);
  // Executes; throws Error(invalid_argument, "template parsing error: template: :1:2:
  // executing \"\" at <.Foo>: ..."), Docker's wording for both failures.
  // Objects keep their key order for {{json}}; pass ordered_json built in Docker's field order.
  std::string render(const nlohmann::ordered_json& data, RenderOptions opts = {}) const;
  std::string render(const nlohmann::json& data, RenderOptions opts = {}) const;

 private:
  std::shared_ptr<const tmpl::Tree> tree_;
};

// Docker's Format.IsTable: the format starts with "table".
bool is_table(std::string_view fmt);

}  // namespace strata::format
