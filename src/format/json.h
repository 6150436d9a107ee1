// JSON text exactly as Go's encoding/json writes it (Docker's inspect output and {{json}}).
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace strata::format {

// json.Marshal: compact, keys in the value's own order (pass ordered_json built in Docker's
// field order), Go's float and string escaping (\u003c \u003e \u0026 only with escape_html).
// Docker's {{json}} template function disables HTML escaping.
std::string json_compact(const nlohmann::ordered_json& v, bool escape_html = false);
// json.MarshalIndent(v, "", "    "): as docker inspect prints; empty [] and {} stay on one line.
std::string json_indent(const nlohmann::ordered_json& v, bool escape_html = true);
// A JSON string literal with Go's escaping.
std::string json_string(std::string_view s, bool escape_html);

}  // namespace strata::format
