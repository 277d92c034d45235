#include "data/custom_points.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace losslab {
namespace {

int row_size(const CustomPointsSettings& s) { return s.features + 1; }

double round_to_hundredths(double v) { return std::round(v * 100.0) / 100.0; }

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool integral_label(double v) { return v == std::floor(v) && v >= 0 && v < kMaxCustomClasses; }

Dataset rows_as_dataset(const CustomPointsSettings& s, const std::vector<int32_t>& rows, int classes) {
  Dataset d;
  d.num_classes = classes;
  d.x.resize(s.features, static_cast<Eigen::Index>(rows.size()));
  d.y.resize(rows.size());
  d.origin = rows;
  for (size_t j = 0; j < rows.size(); ++j) {
    const size_t at = static_cast<size_t>(rows[j]) * static_cast<size_t>(row_size(s));
    for (int f = 0; f < s.features; ++f)
      d.x(f, static_cast<Eigen::Index>(j)) = static_cast<float>(s.points[at + static_cast<size_t>(f)]);
    d.y[j] = static_cast<int32_t>(s.points[at + static_cast<size_t>(s.features)]);
  }
  return d;
}

}  // namespace

int custom_point_count(const CustomPointsSettings& s) {
  return static_cast<int>(s.points.size()) / row_size(s);
}

int custom_classes(const CustomPointsSettings& s) {
  int top = 1;
  const int n = custom_point_count(s);
  for (int i = 0; i < n; ++i) {
    const double label = s.points[static_cast<size_t>(i * row_size(s) + s.features)];
    if (integral_label(label)) top = std::max(top, static_cast<int>(label));
  }
  return top + 1;
}

int custom_test_count(const CustomPointsSettings& s) {
  const int n = custom_point_count(s);
  return std::clamp(static_cast<int>(std::lround(s.holdout * n)), 0, std::max(0, n - 1));
}

std::optional<std::string> check_custom_points(const CustomPointsSettings& s) {
  const size_t numbers = s.points.size();
  const int row = row_size(s);
  if (numbers % static_cast<size_t>(row) != 0)
    return "has " + std::to_string(numbers) + " numbers, which is not whole rows of " + std::to_string(row) +
           " (" + std::to_string(s.features) + " features, then the label)";
  const int n = custom_point_count(s);
  if (n < kMinCustomPoints)
    return "custom data needs at least " + std::to_string(kMinCustomPoints) + " points, it has " +
           std::to_string(n) + ": click the 2-D plot to add some, or load a CSV";
  for (int i = 0; i < n; ++i) {
    const double label = s.points[static_cast<size_t>(i * row + s.features)];
    if (!integral_label(label))
      return "point " + std::to_string(i + 1) + " has the label " + number_text(label) +
             "; a label is a class number, an integer in [0, " + std::to_string(kMaxCustomClasses - 1) + "]";
  }
  if (n - custom_test_count(s) < 1) return "holdout leaves no training point";
  return std::nullopt;
}

Split make_custom_split(const CustomPointsSettings& s, Rng& rng) {
  const int n = custom_point_count(s);
  std::vector<int32_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const int n_test = custom_test_count(s);
  if (n_test > 0) rng.shuffle(order.begin(), order.end());
  // Each split keeps the points' own order, so the History does not depend on how they were shuffled
  // beyond which went where.
  std::vector<int32_t> test(order.begin(), order.begin() + n_test), train(order.begin() + n_test, order.end());
  std::sort(test.begin(), test.end());
  std::sort(train.begin(), train.end());
  const int classes = custom_classes(s);
  Split split;
  split.train = rows_as_dataset(s, train, classes);
  split.test = n_test > 0 ? rows_as_dataset(s, test, classes) : split.train;
  split.calib.num_classes = classes;
  split.calib.x.resize(s.features, 0);
  return split;
}

std::vector<double> starter_points() {
  return {-1.2, -1.0, 1, -0.8, -1.3, 1, -1.1, -0.6, 1, 1.0, 1.2, 1, 1.3, 0.8, 1, 0.7, 1.1, 1,
          -1.0, 1.1, 0, -1.3, 0.7, 0, -0.7, 1.3, 0, 1.1, -1.0, 0, 0.8, -1.3, 0, 1.3, -0.7, 0};
}

void add_point(std::vector<double>& points, double x, double y, int label) {
  points.insert(points.end(), {round_to_hundredths(x), round_to_hundredths(y), static_cast<double>(label)});
}

void move_point(std::vector<double>& points, int index, double x, double y) {
  const size_t at = static_cast<size_t>(index) * 3;
  if (index < 0 || at + 3 > points.size()) return;
  points[at] = round_to_hundredths(x);
  points[at + 1] = round_to_hundredths(y);
}

void delete_point(std::vector<double>& points, int index) {
  const size_t at = static_cast<size_t>(index) * 3;
  if (index < 0 || at + 3 > points.size()) return;
  points.erase(points.begin() + static_cast<std::ptrdiff_t>(at), points.begin() + static_cast<std::ptrdiff_t>(at + 3));
}

int nearest_point(const std::vector<double>& points, double x, double y, double radius) {
  int best = -1;
  double best_d2 = radius * radius;
  for (size_t i = 0; i + 3 <= points.size(); i += 3) {
    const double dx = points[i] - x, dy = points[i + 1] - y, d2 = dx * dx + dy * dy;
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = static_cast<int>(i / 3);
    }
  }
  return best;
}

std::vector<double> points_from_dataset(const Dataset& data, int max_points) {
  std::vector<double> out;
  const int n = std::min(data.size(), max_points);
  for (int i = 0; i < n; ++i)
    add_point(out, data.x(0, i), data.x(1, i), data.y[static_cast<size_t>(i)]);
  return out;
}

}  // namespace losslab
