// Go's fmt and strconv output for JSON values, so templates print like Docker's.
// A JSON value stands for the Go value encoding/json decodes into an interface{}:
// objects are maps (printed with sorted keys), null is nil, integers print as int.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace strata::format {

using Json = nlohmann::ordered_json;

// A float64 as Go's %v prints it (strconv 'g', shortest): 1, 1.5, 1.234567e+06, 1e-05.
std::string go_float(double v);
// A float64 as encoding/json writes it: 1, 1.5, 12345678901234567000, 1e+21, 1e-7.
std::string go_float_json(double v);
// strconv.IsPrint, approximated outside ASCII (unassigned code points count as printable).
bool go_is_print(char32_t r);
// strconv.Quote: double-quoted with Go escapes (\n, \t, \x01, \u00a0, ...).
std::string go_quote(std::string_view s);
// Go's name for the dynamic type of a decoded value: string, int, float64, bool,
// []interface {}, map[string]interface {}; "<nil>" for null.
std::string go_type_name(const Json& v);

// fmt.Sprint(v): %v of one value; null prints <nil>.
std::string go_sprint(const Json& v);
// fmt.Sprint(args...): spaces only between operands when neither is a string.
std::string go_print(const std::vector<Json>& args);
// fmt.Sprintln(args...): always space-separated, newline-terminated.
std::string go_println(const std::vector<Json>& args);
// fmt.Sprintf with flags, width, precision and verbs v s d q x X o b c e E f F g G t U %;
// mismatches print Go's %!verb(type=value), %!verb(MISSING) and %!(EXTRA ...).
std::string go_sprintf(std::string_view format, const std::vector<Json>& args);

}  // namespace strata::format
