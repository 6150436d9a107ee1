// Printing as Docker's CLI prints: Go templates (with `table`), Docker's
// tab-aligned tables, inspect JSON arrays.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/context.h"
#include "image/image_store.h"

namespace strata::cli {

// Renders rows with a Go template; "table …" adds a header built from
// `headers` (field name -> column title) and aligns columns.
void print_formatted(const std::string& fmt, const std::vector<nlohmann::ordered_json>& rows,
                     const std::map<std::string, std::string>& headers);
// `inspect`: a JSON array (4-space indent) or one template line per object.
void print_inspect(const std::string& fmt, const std::vector<nlohmann::ordered_json>& objects);
nlohmann::ordered_json image_inspect_json(Context& ctx, const image::ImageRecord& img);

}  // namespace strata::cli
