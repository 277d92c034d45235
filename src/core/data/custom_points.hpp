// The user's own data: points clicked on the 2-D plot or read from a CSV (train/points_csv.hpp).
//
// The points live in the run's config (RunConfig::points), one row after another: `features` numbers,
// then the label, an integer class in [0, kMaxCustomClasses). Keeping them there, and not in a file the
// config names, is what lets a link, a kept run or a config file carry the data and reproduce the run.
// The class count is the largest label + 1 (at least 2), so a click may start a new class.
//
// The split: a `holdout` share of the points (drawn by the run's generator) is the test split; with
// holdout 0 every point trains and the test split is a copy of the training split — what someone
// clicking a dozen points wants, where a held-out third would leave points the boundary ignores.
// There is no calibration split.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "util/rng.hpp"

namespace losslab {

inline constexpr int kMaxCustomClasses = 8;       // the class palette's size: every class gets a colour
inline constexpr int kMaxCustomFeatures = 64;
inline constexpr int kMinCustomPoints = 4;
inline constexpr int kMaxCustomNumbers = 12000;   // the `points` list: 4,000 2-D points
inline constexpr double kMaxCustomCoordinate = 1e6;  // the range of each number in it

struct CustomPointsSettings {
  int features = 2;
  std::vector<double> points;  // rows of features… then label
  double holdout = 0;          // share of points in the test split
};

int custom_point_count(const CustomPointsSettings& s);
int custom_classes(const CustomPointsSettings& s);
// Test-split size: round(holdout·n), at most n − 1 (0: the test split is the training split).
int custom_test_count(const CustomPointsSettings& s);

// What is wrong with the points, as a sentence naming the row (nullopt when they make a dataset).
std::optional<std::string> check_custom_points(const CustomPointsSettings& s);

// The split; Dataset::origin holds each sample's row in `points`. Draws from `rng` only when holdout > 0.
Split make_custom_split(const CustomPointsSettings& s, Rng& rng);

// What `dataset = custom` starts from before anyone clicks: three points in each corner of the plane,
// the two diagonals in the two classes (an XOR no line separates).
std::vector<double> starter_points();

// Editing, as the 2-D plot does it (features = 2); coordinates are rounded to 0.01 (about a pixel).
void add_point(std::vector<double>& points, double x, double y, int label);
void move_point(std::vector<double>& points, int index, double x, double y);
void delete_point(std::vector<double>& points, int index);
// The 2-D point nearest (x, y) within `radius` (data units), or -1.
int nearest_point(const std::vector<double>& points, double x, double y, double radius);

// Up to `max_points` samples of a 2-D dataset as points (the first ones: a toy's are balanced by class
// in any prefix), so a toy can be edited by hand.
std::vector<double> points_from_dataset(const Dataset& data, int max_points);

}  // namespace losslab
