#include "train/points_csv.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "data/custom_points.hpp"
#include "util/csv_text.hpp"
#include "util/join.hpp"
#include "util/quoted_input.hpp"

namespace losslab {
namespace {

std::string_view trimmed(std::string_view cell) {
  while (!cell.empty() && std::isspace(static_cast<unsigned char>(cell.front()))) cell.remove_prefix(1);
  while (!cell.empty() && std::isspace(static_cast<unsigned char>(cell.back()))) cell.remove_suffix(1);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
  return cell;
}

// A finite number, the whole cell.
std::optional<double> number_of(std::string_view cell) {
  if (cell.empty() || cell.size() > 40) return std::nullopt;
  const std::string s(cell);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

char separator_of(std::string_view line) {
  const auto count = [&](char c) { return std::count(line.begin(), line.end(), c); };
  char best = ',';
  for (char c : {';', '\t'})
    if (count(c) > count(best)) best = c;
  return best;
}

std::vector<std::string_view> cells_of(std::string_view line, char sep) {
  std::vector<std::string_view> cells = split_cells(line, sep);
  for (std::string_view& c : cells) c = trimmed(c);
  return cells;
}

bool is_header(const std::vector<std::string_view>& first, const std::vector<std::string_view>* second) {
  bool all_names = true;
  for (size_t k = 0; k < first.size(); ++k) {
    const bool name = !number_of(first[k]);
    all_names = all_names && name;
    if (name && second && k < second->size() && number_of((*second)[k])) return true;
  }
  return all_names;
}

constexpr double kMaxStandardizedInput = 1e12;

double round_to(double v, double step) { return std::round(v / step) * step; }

}  // namespace

std::string PointsCsv::summary() const {
  std::string out = std::to_string(rows) + " rows, " + std::to_string(features) + " feature" +
                    (features == 1 ? "" : "s") + " (";
  for (size_t i = 0; i < feature_names.size() && i < 4; ++i) out += (i ? ", " : "") + feature_names[i];
  out += feature_names.size() > 4 ? ", …), " : "), ";
  out += std::to_string(class_names.size()) + " classes (";
  for (size_t k = 0; k < class_names.size(); ++k)
    out += (k ? ", " : "") + class_names[k] + " = " + std::to_string(k);
  out += ")";
  if (standardized) out += ", columns standardized to mean 0 and std 1";
  return out;
}

PointsCsvRead read_points_csv(std::string_view text, const PointsCsvOptions& options) {
  PointsCsvRead out;
  size_t problems = 0;
  auto problem = [&](size_t line, const std::string& message) {
    if (++problems <= options.max_errors)
      out.errors.push_back({"line " + std::to_string(line), "line " + std::to_string(line) + ": " + message});
  };
  auto whole_file = [&](std::string field, std::string message) {
    out.errors.push_back({field, field + ": " + message});
    return out;
  };

  constexpr size_t kMaxText = 16u << 20;  // far more than kMaxCustomNumbers numbers take
  if (text.size() > kMaxText)
    return whole_file("csv", "the file has " + std::to_string(text.size() >> 20) + " MB; at most " +
                                 std::to_string(kMaxText >> 20) + " MB are read");
  // Lines that hold data, with their 1-based numbers.
  std::vector<std::pair<size_t, std::string_view>> lines;
  const std::vector<std::string_view> all = text_lines(text);
  for (size_t i = 0; i < all.size(); ++i)
    if (!trimmed(all[i]).empty() && !all[i].starts_with('#')) lines.emplace_back(i + 1, all[i]);
  if (lines.empty()) return whole_file("csv", "the file has no rows; expected feature columns and a label column");

  const char sep = separator_of(lines[0].second);
  const std::vector<std::string_view> first = cells_of(lines[0].second, sep);
  const std::vector<std::string_view> second = lines.size() > 1 ? cells_of(lines[1].second, sep) : first;
  const bool header = is_header(first, lines.size() > 1 ? &second : nullptr);
  const size_t columns = first.size();
  if (columns < 2)
    return whole_file("csv", "line " + std::to_string(lines[0].first) +
                                 " has one column; expected at least one feature column and a label column, "
                                 "separated by ',', ';' or tabs");
  std::vector<std::string> names;
  for (size_t k = 0; k < columns; ++k)
    names.push_back(header && !first[k].empty() ? shown(first[k]) : "column " + std::to_string(k + 1));

  // The label column.
  size_t label = columns - 1;
  if (!options.label_column.empty()) {
    const auto number = number_of(options.label_column);
    size_t found = columns;
    if (number && *number >= 1 && *number <= static_cast<double>(columns) && *number == std::floor(*number))
      found = static_cast<size_t>(*number) - 1;
    for (size_t k = 0; k < columns && header && found == columns; ++k)
      if (lower(first[k]) == lower(options.label_column)) found = k;
    if (found == columns)
      return whole_file("label_column", "'" + shown(options.label_column) + "' is not a column; the columns are " +
                                            join({names.begin(), names.end()}) + " (or give a number from 1 to " +
                                            std::to_string(columns) + ")");
    label = found;
  } else if (header) {
    bool found = false;
    for (std::string_view name : {"label", "class", "target", "species"})
      for (size_t k = 0; k < columns && !found; ++k)
        if (lower(first[k]) == name) {
          label = k;
          found = true;
        }
  }
  const int features = static_cast<int>(columns) - 1;
  if (features > kMaxCustomFeatures)
    return whole_file("csv", "the file has " + std::to_string(features) + " feature columns; at most " +
                                 std::to_string(kMaxCustomFeatures));

  // Beyond ±1e12 the standardization's sums lose the numbers (or overflow); kept as they are, values must
  // fit the config's range.
  const double max_magnitude = options.standardize ? kMaxStandardizedInput : kMaxCustomCoordinate;
  const std::string limit_text = options.standardize ? "1e12" : "1e6";
  // The rows: features as numbers, labels as text for now.
  std::vector<double> values;
  std::vector<std::string> labels;
  for (size_t i = header ? 1 : 0; i < lines.size(); ++i) {
    const auto [line, text_line] = lines[i];
    const std::vector<std::string_view> cells = cells_of(text_line, sep);
    if (cells.size() != columns) {
      problem(line, "has " + std::to_string(cells.size()) + " cells; expected " + std::to_string(columns) +
                        (header ? " (as the header has)" : " (as the first line has)"));
      continue;
    }
    bool ok = true;
    for (size_t k = 0; k < columns && ok; ++k) {
      if (k == label) continue;
      const auto v = number_of(cells[k]);
      if (!v) {
        problem(line, names[k] + " is " + (cells[k].empty() ? std::string("empty") : "'" + shown(cells[k]) + "'") +
                          ", not a number");
        ok = false;
      } else if (std::abs(*v) > max_magnitude) {
        problem(line, names[k] + " is " + shown(cells[k]) + ", outside ±" + shown(limit_text) +
                          (options.standardize ? "" : " (the range a config holds; let the columns be standardized)"));
        ok = false;
      }
    }
    if (ok && cells[label].empty()) {
      problem(line, "the label (" + names[label] + ") is empty");
      ok = false;
    }
    if (!ok) continue;
    for (size_t k = 0; k < columns; ++k)
      if (k != label) values.push_back(*number_of(cells[k]));
    labels.emplace_back(shown(cells[label]));
  }
  if (problems > options.max_errors)
    out.errors.push_back({"csv", "csv: " + std::to_string(problems - options.max_errors) + " more lines have problems"});
  if (!out.errors.empty()) return out;

  const int rows = static_cast<int>(labels.size());
  if (rows < kMinCustomPoints)
    return whole_file("csv", "the file has " + std::to_string(rows) + " rows of data; at least " +
                                 std::to_string(kMinCustomPoints) + " are needed");
  if (static_cast<double>(rows) * (features + 1) > kMaxCustomNumbers)
    return whole_file("csv", "the file has " + std::to_string(rows) + " rows of " + std::to_string(features + 1) +
                                 " numbers; at most " + std::to_string(kMaxCustomNumbers) +
                                 " numbers fit in a run's config (so that links and kept runs carry the data): "
                                 "at most " + std::to_string(kMaxCustomNumbers / (features + 1)) + " rows here");

  // Labels → classes.
  std::vector<std::string> distinct(labels);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  const bool numeric = std::all_of(distinct.begin(), distinct.end(), [](const std::string& l) { return number_of(l); });
  if (numeric)
    std::sort(distinct.begin(), distinct.end(),
              [](const std::string& a, const std::string& b) { return *number_of(a) < *number_of(b); });
  // Sorted numerically, labels 0, 1, …, K−1 keep their numbers.
  if (distinct.size() > static_cast<size_t>(kMaxCustomClasses))
    return whole_file("label_column", names[label] + " has " + std::to_string(distinct.size()) +
                                          " distinct values; at most " + std::to_string(kMaxCustomClasses) +
                                          " classes (is it a feature? name the label column)");
  std::map<std::string, int> class_of;
  PointsCsv data;
  for (size_t k = 0; k < distinct.size(); ++k) {
    class_of[distinct[k]] = static_cast<int>(k);
    data.class_names.push_back(distinct[k]);
  }

  if (options.standardize) {
    for (int f = 0; f < features; ++f) {
      double mean = 0, square = 0;
      for (int r = 0; r < rows; ++r) mean += values[static_cast<size_t>(r * features + f)];
      mean /= rows;
      for (int r = 0; r < rows; ++r) square += std::pow(values[static_cast<size_t>(r * features + f)] - mean, 2);
      const double sd = std::sqrt(square / rows);
      for (int r = 0; r < rows; ++r) {
        double& v = values[static_cast<size_t>(r * features + f)];
        v = round_to(sd > 0 ? (v - mean) / sd : 0.0, 1e-4) + 0.0;  // + 0.0: no "-0" in links
      }
    }
  }
  data.features = features;
  data.rows = rows;
  data.standardized = options.standardize;
  data.label_name = names[label];
  for (size_t k = 0; k < columns; ++k)
    if (k != label) data.feature_names.push_back(header ? names[k] : "x" + std::to_string(data.feature_names.size() + 1));
  data.points.reserve(static_cast<size_t>(rows) * static_cast<size_t>(features + 1));
  for (int r = 0; r < rows; ++r) {
    for (int f = 0; f < features; ++f) data.points.push_back(values[static_cast<size_t>(r * features + f)]);
    data.points.push_back(class_of[labels[static_cast<size_t>(r)]]);
  }
  out.data = std::move(data);
  return out;
}

}  // namespace losslab
