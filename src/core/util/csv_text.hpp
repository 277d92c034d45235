// The pieces of CSV reading shared by the History reader (train/history_check.hpp) and the points reader
// (data/points_csv.hpp): lines without their '\r', and a line's cells.
#pragma once

#include <string_view>
#include <vector>

namespace losslab {

inline std::vector<std::string_view> split_cells(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t at = line.find(sep);
    out.push_back(line.substr(0, at));
    if (at == std::string_view::npos) return out;
    line.remove_prefix(at + 1);
  }
}

// The text's lines (Unix or Windows endings), trailing empty lines dropped.
inline std::vector<std::string_view> text_lines(std::string_view text) {
  std::vector<std::string_view> lines = split_cells(text, '\n');
  for (std::string_view& l : lines)
    if (l.ends_with('\r')) l.remove_suffix(1);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace losslab
