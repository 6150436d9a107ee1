#include "format/table.h"

#include "format/utf8.h"

namespace strata::format {
namespace {

struct Cell {
  std::string_view text;
  size_t width;
};
using Line = std::vector<Cell>;  // the last cell of a line is not tab-terminated

struct Writer {
  const std::vector<Line>& lines;
  size_t minwidth, padding;
  std::vector<size_t> widths;
  std::string out;

  void write_lines(size_t line0, size_t line1) {
    for (size_t i = line0; i < line1; ++i) {
      const Line& line = lines[i];
      for (size_t j = 0; j < line.size(); ++j) {
        out += line[j].text;
        if (j < widths.size()) out.append(widths[j] - line[j].width, ' ');
      }
      if (i + 1 < lines.size()) out += '\n';
    }
  }

  // Go's Writer.format: lays out the column block starting at widths.size(), recursively.
  void format(size_t line0, size_t line1) {
    size_t column = widths.size();
    for (size_t cur = line0; cur < line1; ++cur) {
      if (column + 1 >= lines[cur].size()) continue;
      write_lines(line0, cur);
      line0 = cur;
      size_t width = minwidth;
      for (; cur < line1 && column + 1 < lines[cur].size(); ++cur)
        width = std::max(width, lines[cur][column].width + padding);
      widths.push_back(width);
      format(line0, cur);
      widths.pop_back();
      line0 = cur;
      if (cur == line1) break;
    }
    write_lines(line0, line1);
  }
};

}  // namespace

std::string tabwrite(std::string_view text, size_t minwidth, size_t padding) {
  std::vector<Line> lines(1);
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\t' && text[i] != '\n') continue;
    std::string_view cell = text.substr(start, i - start);
    if (i < text.size() || !cell.empty()) lines.back().push_back({cell, utf8::rune_count(cell)});
    if (i < text.size() && text[i] == '\n') lines.emplace_back();
    start = i + 1;
  }
  Writer w{lines, minwidth, padding, {}, {}};
  w.format(0, lines.size());
  return std::move(w.out);
}

std::string render_table(const std::vector<std::vector<std::string>>& rows) {
  std::string text;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) text += (i ? "\t" : "") + row[i];
    text += '\n';
  }
  return tabwrite(text);
}

std::string expand_escapes(std::string_view fmt) {
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] == '\\' && i + 1 < fmt.size() && (fmt[i + 1] == 't' || fmt[i + 1] == 'n')) {
      out += fmt[++i] == 't' ? '\t' : '\n';
    } else {
      out += fmt[i];
    }
  }
  return out;
}

std::string prepare_format(std::string_view fmt) {
  if (fmt.starts_with("table")) fmt.remove_prefix(5);
  size_t b = fmt.find_first_not_of(' '), e = fmt.find_last_not_of(' ');
  fmt = b == std::string_view::npos ? std::string_view() : fmt.substr(b, e - b + 1);
  return expand_escapes(fmt);
}

}  // namespace strata::format
