// Reading the user's own data from a CSV: numeric feature columns and one label column, checked row by
// row, each problem reported with its line number (field "line N"), as a spreadsheet user needs to find it.
//
//   - The separator is ',', ';' or a tab, whichever the first line has most of.
//   - A header is recognised when the first line has a name where the second has a number (or is all
//     names). Empty lines and lines starting with '#' are skipped; cells may be quoted ("5.1") and padded.
//   - The label column is the one named `label_column` (a header name or a 1-based number), else one named
//     label, class, target or species, else the last column (not "y": x,y,label is the usual 2-D file).
//   - Labels become classes 0, 1, … in sorted order (numeric order when all are numbers: labels 0, 1, 2
//     keep their numbers, 1 and 2 become 0 and 1, setosa/versicolor/virginica 0/1/2); class_names says
//     which is which. At most 8 classes.
//   - With `standardize`, each feature column is shifted and scaled to mean 0 and std 1 (rounded to 4
//     decimals, so links stay short), which a small network needs when columns are in centimetres or
//     dollars; the 2-D toys span about [-2, 2] for the same reason.
// The points then go into the config (train/custom_data.hpp): the file itself is not needed again.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "train/run_config.hpp"

namespace losslab {

struct PointsCsvOptions {
  std::string label_column;  // a header name or a 1-based column number; empty: found as above
  bool standardize = true;
  size_t max_errors = 20;
};

struct PointsCsv {
  int features = 0;
  std::vector<double> points;               // rows of features… label, as RunConfig::points holds them
  std::vector<std::string> feature_names;   // from the header, else x1, x2, …
  std::string label_name;
  std::vector<std::string> class_names;     // the label text of class 0, 1, …
  int rows = 0;
  bool standardized = false;
  // One line for a notice: "150 rows, 4 features (sepal_length, …), 3 classes (setosa = 0, …), standardized".
  std::string summary() const;
};

struct PointsCsvRead {
  std::optional<PointsCsv> data;      // set when there are no errors
  std::vector<ConfigError> errors;    // at most max_errors line problems, then one saying how many more
};

PointsCsvRead read_points_csv(std::string_view text, const PointsCsvOptions& options = {});

}  // namespace losslab
