// Reading the user's own data from a CSV (train/points_csv.hpp): the usual shapes of a spreadsheet export
// read as the user means them, every bad row is named by its line, and what it reads trains.
#include <catch2/catch.hpp>

#include <cmath>

#include "train/custom_data.hpp"
#include "train/points_csv.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

const char* kIris =
    "sepal_length,sepal_width,species\n"
    "5.1,3.5,setosa\n"
    "4.9,3.0,setosa\n"
    "7.0,3.2,versicolor\n"
    "6.4,3.2,versicolor\n"
    "6.3,3.3,virginica\n"
    "5.8,2.7,virginica\n";

std::vector<std::string> fields(const std::vector<ConfigError>& errors) {
  std::vector<std::string> out;
  for (const ConfigError& e : errors) out.push_back(e.field);
  return out;
}

std::string messages(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += e.message + "\n";
  return out;
}

double column_mean(const PointsCsv& d, int f) {
  double sum = 0;
  for (int r = 0; r < d.rows; ++r) sum += d.points[static_cast<size_t>(r * (d.features + 1) + f)];
  return sum / d.rows;
}

double column_sd(const PointsCsv& d, int f) {
  const double mean = column_mean(d, f);
  double sum = 0;
  for (int r = 0; r < d.rows; ++r) sum += std::pow(d.points[static_cast<size_t>(r * (d.features + 1) + f)] - mean, 2);
  return std::sqrt(sum / d.rows);
}

}  // namespace

TEST_CASE("a CSV with a header and named classes") {
  const PointsCsvRead read = read_points_csv(kIris);
  INFO(messages(read.errors));
  REQUIRE(read.errors.empty());
  const PointsCsv& d = *read.data;
  CHECK(d.rows == 6);
  CHECK(d.features == 2);
  CHECK(d.feature_names == std::vector<std::string>{"sepal_length", "sepal_width"});
  CHECK(d.label_name == "species");
  CHECK(d.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  const std::vector<double> labels = {d.points[2], d.points[5], d.points[8], d.points[11], d.points[14], d.points[17]};
  CHECK(labels == std::vector<double>{0, 0, 1, 1, 2, 2});
  SECTION("standardized: each column has mean 0 and std 1, in the rows' order") {
    CHECK(d.standardized);
    for (int f = 0; f < 2; ++f) {
      CHECK(column_mean(d, f) == Approx(0).margin(1e-4));
      CHECK(column_sd(d, f) == Approx(1).margin(1e-3));
    }
    CHECK(d.points[0] < d.points[6]);  // 5.1 < 7.0
    CHECK_THAT(d.summary(), Catch::Contains("6 rows, 2 features (sepal_length, sepal_width), 3 classes "
                                            "(setosa = 0, versicolor = 1, virginica = 2), columns standardized"));
  }
  SECTION("kept as they are") {
    const PointsCsv raw = *read_points_csv(kIris, {.standardize = false}).data;
    CHECK(raw.points[0] == 5.1);
    CHECK(raw.points[1] == 3.5);
  }
}

TEST_CASE("a CSV without a header, other separators, quotes, comments and Windows line ends") {
  SECTION("numbers only: the last column is the label, classes 0 and 1 keep their numbers") {
    const auto d = read_points_csv("0.5,1,0\n-1,2,1\n3,0.25,1\n1,1,0\n", {.standardize = false}).data;
    REQUIRE(d);
    CHECK(d->feature_names == std::vector<std::string>{"x1", "x2"});
    CHECK(d->points == std::vector<double>{0.5, 1, 0, -1, 2, 1, 3, 0.25, 1, 1, 1, 0});
  }
  SECTION("labels 1 and 2 become classes 0 and 1 (no empty class 0)") {
    const auto d = read_points_csv("0,0,2\n1,1,1\n2,2,2\n3,3,1\n", {.standardize = false}).data;
    REQUIRE(d);
    CHECK(d->class_names == std::vector<std::string>{"1", "2"});
    CHECK(d->points[2] == 1);
    CHECK(d->points[5] == 0);
  }
  SECTION("semicolons, quotes, padding, a comment, blank lines, CRLF; the label column named 'class' in the middle") {
    const auto read = read_points_csv("# measured 2026\r\n\"a\"; class ; \"b\"\r\n1; yes; 2\r\n\r\n3;no;4\r\n5;yes;6\r\n7;no;8\r\n",
                                      {.standardize = false});
    INFO(messages(read.errors));
    REQUIRE(read.data);
    CHECK(read.data->label_name == "class");
    CHECK(read.data->feature_names == std::vector<std::string>{"a", "b"});
    CHECK(read.data->points == std::vector<double>{1, 2, 1, 3, 4, 0, 5, 6, 1, 7, 8, 0});
  }
  SECTION("tabs, and a label column chosen by name or by number") {
    const std::string tsv = "u\tv\tw\n1\t2\t0\n3\t4\t1\n5\t6\t0\n7\t8\t1\n";
    CHECK(read_points_csv(tsv, {.label_column = "U", .standardize = false}).data->points ==
          std::vector<double>{2, 0, 0, 4, 1, 1, 6, 0, 2, 8, 1, 3});  // labels 1, 3, 5, 7: classes 0–3
    CHECK(read_points_csv(tsv, {.label_column = "2", .standardize = false}).data->feature_names ==
          std::vector<std::string>{"u", "w"});
    const auto wrong = read_points_csv(tsv, {.label_column = "z"});
    REQUIRE(wrong.errors.size() == 1);
    CHECK(wrong.errors[0].field == "label_column");
    CHECK_THAT(wrong.errors[0].message, Catch::Contains("the columns are u, v, w"));
  }
}

TEST_CASE("every bad row is reported with its line number, and nothing is read") {
  const char* text =
      "x,y,label\n"
      "1,2,0\n"
      "\n"
      "1,oops,1\n"     // line 4
      "3,4\n"          // line 5
      "5,6,\n"         // line 6
      "7,,1\n"         // line 7
      "9,10,1\n";
  const PointsCsvRead read = read_points_csv(text);
  INFO(messages(read.errors));
  CHECK_FALSE(read.data);
  CHECK(fields(read.errors) == std::vector<std::string>{"line 4", "line 5", "line 6", "line 7"});
  CHECK_THAT(read.errors[0].message, Catch::Contains("line 4: y is 'oops', not a number"));
  CHECK_THAT(read.errors[1].message, Catch::Contains("has 2 cells; expected 3"));
  CHECK_THAT(read.errors[2].message, Catch::Contains("the label (label) is empty"));
  CHECK_THAT(read.errors[3].message, Catch::Contains("y is empty"));

  SECTION("a file full of problems lists the first 20 and counts the rest") {
    std::string many = "x,y,label\n";
    for (int i = 0; i < 50; ++i) many += "1,inf,0\n";
    const auto r = read_points_csv(many);
    REQUIRE(r.errors.size() == 21);
    CHECK(r.errors[0].field == "line 2");
    CHECK_THAT(r.errors[20].message, Catch::Contains("30 more lines"));
  }
  SECTION("numbers too large to standardize, or to keep as they are") {
    const auto huge = read_points_csv("x,y,label\n1,2,0\n1e300,-1e300,1\n3,4,0\n5,6,1\n");
    REQUIRE(huge.errors.size() == 1);
    CHECK_THAT(huge.errors[0].message, Catch::Contains("line 3: x is 1e300, outside ±1e12"));
    const auto raw = read_points_csv("x,y,label\n1,2,0\n3e6,4,1\n3,4,0\n5,6,1\n", {.standardize = false});
    REQUIRE(raw.errors.size() == 1);
    CHECK_THAT(raw.errors[0].message, Catch::Contains("line 3: x is 3e6, outside ±1e6"));
    CHECK(read_points_csv("x,y,label\n1,2,0\n3e6,4,1\n3,4,0\n5,6,1\n").data);  // standardized: fine
  }
  SECTION("whole-file problems") {
    CHECK_THAT(read_points_csv("").errors.at(0).message, Catch::Contains("no rows"));
    CHECK_THAT(read_points_csv("1\n2\n3\n4\n").errors.at(0).message, Catch::Contains("one column"));
    CHECK_THAT(read_points_csv("1,0\n2,1\n").errors.at(0).message, Catch::Contains("at least 4"));
    std::string classes;
    for (int i = 0; i < 12; ++i) classes += std::to_string(i) + ",c" + std::to_string(i) + "\n";
    const auto r = read_points_csv(classes);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].field == "label_column");
    CHECK_THAT(r.errors[0].message, Catch::Contains("12 distinct values; at most 8"));
    std::string rows;
    for (int i = 0; i < 4001; ++i) rows += "1,2," + std::to_string(i % 2) + "\n";
    CHECK_THAT(read_points_csv(rows).errors.at(0).message, Catch::Contains("at most 4000 rows here"));
  }
}

TEST_CASE("a CSV's points train as a custom run") {
  std::string text = "x,y,label\n";
  Rng rng(11);
  for (int i = 0; i < 80; ++i) {  // two blobs in centimetres, far from the origin
    const int c = i % 2;
    text += std::to_string(150 + 20 * c + 5 * rng.normal()) + "," + std::to_string(40 - 10 * c + 3 * rng.normal()) +
            "," + (c ? "b" : "a") + "\n";
  }
  const PointsCsvRead read = read_points_csv(text);
  INFO(messages(read.errors));
  REQUIRE(read.data);
  RunConfig c;
  use_custom_points(c, read.data->features, read.data->points, kCsvHoldout);
  c.steps = 300;
  REQUIRE(validate(c).empty());
  Trainer t(c);
  while (t.step() == RunState::running) {
  }
  CHECK(t.data().test.size() == 20);
  CHECK(t.history().last("test_acc") >= 0.95);
}
