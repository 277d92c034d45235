#include "train/history_check.hpp"

#include "util/csv_text.hpp"
#include "util/quoted_input.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace losslab {
namespace {

std::optional<double> parse_number(std::string_view cell) {
  if (cell == "nan" || cell == "-nan" || cell == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (cell.empty() || cell.size() > 40) return std::nullopt;
  const std::string s(cell);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<History> history_from_csv(std::string_view text, std::vector<ConfigError>& errors, size_t max_errors) {
  const size_t before = errors.size();
  auto problem = [&](size_t line, std::string message) {
    if (errors.size() - before < max_errors)
      errors.push_back({"line " + std::to_string(line), "line " + std::to_string(line) + ": " + message});
  };
  const std::vector<std::string_view> lines = text_lines(text);
  if (lines.empty()) {
    problem(1, "the file is empty; expected a header step,<series>,…");
    return std::nullopt;
  }
  const std::vector<std::string_view> header = split_cells(lines[0], ',');
  if (header[0] != "step") problem(1, "the first column must be 'step', not '" + shown(header[0]) + "'");
  for (size_t k = 1; k < header.size(); ++k)
    if (header[k].empty() || std::find(header.begin() + 1, header.begin() + static_cast<std::ptrdiff_t>(k),
                                       header[k]) != header.begin() + static_cast<std::ptrdiff_t>(k))
      problem(1, "column " + std::to_string(k + 1) + ": series names must be present and distinct");
  if (errors.size() != before) return std::nullopt;

  History h;
  int64_t last_step = -1;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t line = i + 1;
    const std::vector<std::string_view> cells = split_cells(lines[i], ',');
    if (cells.size() != header.size()) {
      problem(line, "has " + std::to_string(cells.size()) + " cells; the header has " + std::to_string(header.size()));
      continue;
    }
    const std::optional<double> step = parse_number(cells[0]);
    if (!step || !(*step >= 0) || *step != std::floor(*step) || *step > 1e15) {
      problem(line, "step '" + shown(cells[0]) + "' is not a whole number ≥ 0");
      continue;
    }
    if (static_cast<int64_t>(*step) <= last_step) {
      problem(line, "step " + shown(cells[0]) + " does not follow step " + std::to_string(last_step) +
                        "; rows must be in increasing step order");
      continue;
    }
    last_step = static_cast<int64_t>(*step);
    for (size_t k = 1; k < cells.size(); ++k) {
      if (cells[k].empty()) continue;
      const std::optional<double> v = parse_number(cells[k]);
      if (!v) {
        problem(line, shown(header[k]) + ": '" + shown(cells[k]) + "' is not a number");
        continue;
      }
      h.add(header[k], last_step, *v);
    }
  }
  if (errors.size() != before) return std::nullopt;
  return h;
}

HistoryCheck check_history(const History& expected, const History& got, double tolerance) {
  HistoryCheck out;
  for (const Series& e : expected.series()) {
    ++out.series_checked;
    const Series* g = got.find(e.name);
    if (!g) {
      out.mismatches.push_back({e.name, -1, 0, 0, e.name + ": missing"});
      continue;
    }
    if (g->step != e.step) {
      size_t i = 0;
      while (i < e.step.size() && i < g->step.size() && e.step[i] == g->step[i]) ++i;
      const std::string where = i < e.step.size() ? "step " + std::to_string(e.step[i]) : "after step " +
                                                                                           std::to_string(e.step.back());
      out.mismatches.push_back({e.name, i < e.step.size() ? e.step[i] : -1, 0, 0,
                                e.name + ": recorded at other steps (" + std::to_string(g->step.size()) + " values, expected " +
                                    std::to_string(e.step.size()) + "; first difference at " + where + ")"});
      continue;
    }
    for (size_t i = 0; i < e.value.size(); ++i) {
      ++out.values_checked;
      const double x = e.value[i], y = g->value[i];
      if (std::isnan(x) || std::isnan(y)) {
        if (std::isnan(x) && std::isnan(y)) continue;
      } else {
        const double relative = std::fabs(y - x) / std::max(1.0, std::fabs(x));
        out.worst_relative = std::max(out.worst_relative, relative);
        if (relative <= tolerance) continue;
      }
      char buf[160];
      std::snprintf(buf, sizeof buf, ": at step %lld expected %.9g, got %.9g", static_cast<long long>(e.step[i]), x, y);
      out.mismatches.push_back({e.name, e.step[i], x, y, e.name + buf});
      break;
    }
  }
  return out;
}

}  // namespace losslab
