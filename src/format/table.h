// Docker's table output: text/tabwriter as docker/cli's formatter configures it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace strata::format {

// Go's tabwriter.NewWriter(out, minwidth, 1, padding, ' ', 0) over the whole text, flushed:
// '\t' ends a cell; a column block (consecutive lines having that cell) is as wide as its
// widest cell (in runes) plus padding, and at least minwidth; the last cell of a line is
// not padded. Docker uses minwidth 10, padding 3.
std::string tabwrite(std::string_view text, size_t minwidth = 10, size_t padding = 3);

// Rows of cells, row 0 being the header, each line newline-terminated, through tabwrite.
std::string render_table(const std::vector<std::vector<std::string>>& rows);

// Docker's --format escapes: the two-character sequences \t and \n become a tab and a newline.
std::string expand_escapes(std::string_view fmt);

// The template text Docker executes for a --format value: "table" stripped when is_table,
// surrounding spaces trimmed, escapes expanded (formatter.Context.preFormat).
std::string prepare_format(std::string_view fmt);

}  // namespace strata::format
