// Grading (train/history_check.hpp): a History survives its CSV, a damaged CSV is refused line by line,
// and the check finds the first difference in each series and nothing where there is none.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "train/history_check.hpp"

using namespace losslab;

namespace {

History sample() {
  History h;
  for (int64_t s = 0; s <= 300; s += 50) {
    h.add("train_loss", s, 2.0 / (1.0 + static_cast<double>(s)));
    if (s % 100 == 0) h.add("test_acc", s, 0.5 + static_cast<double>(s) / 1000.0);
  }
  h.add("gap", 300, std::numeric_limits<double>::quiet_NaN());
  return h;
}

std::vector<std::string> fields(const std::vector<ConfigError>& errors) {
  std::vector<std::string> out;
  for (const ConfigError& e : errors) out.push_back(e.field);
  return out;
}

}  // namespace

TEST_CASE("a History reads back from its CSV and checks equal to itself") {
  const History h = sample();
  std::vector<ConfigError> errors;
  const auto back = history_from_csv(h.to_csv(), errors);
  REQUIRE(errors.empty());
  REQUIRE(back.has_value());
  CHECK(back->series().size() == 3);
  CHECK(back->find("test_acc")->step == h.find("test_acc")->step);
  const HistoryCheck same = check_history(h, *back, 1e-8);
  CHECK(same.ok());
  CHECK(same.series_checked == 3);
  CHECK(same.values_checked == 7 + 4 + 1);
  CHECK(same.worst_relative < 1e-8);
}

TEST_CASE("a damaged History CSV is refused with the line of each problem") {
  std::vector<ConfigError> errors;
  CHECK_FALSE(history_from_csv("", errors));
  CHECK(fields(errors) == std::vector<std::string>{"line 1"});
  errors.clear();
  CHECK_FALSE(history_from_csv("time,a\n0,1\n", errors));
  CHECK(fields(errors) == std::vector<std::string>{"line 1"});
  errors.clear();
  CHECK_FALSE(history_from_csv("step,a,a\n", errors));
  CHECK(fields(errors) == std::vector<std::string>{"line 1"});
  errors.clear();
  const char* bad = "step,a,b\n0,1,2\n10,x,3\n5,1,1\n20,1\n-3,1,1\n30,1,2\n";
  CHECK_FALSE(history_from_csv(bad, errors));
  CHECK(fields(errors) == std::vector<std::string>{"line 3", "line 4", "line 5", "line 6"});
  CHECK_THAT(errors[0].message, Catch::Contains("a: 'x' is not a number"));
  CHECK_THAT(errors[1].message, Catch::Contains("increasing step order"));
  // At most max_errors problems are listed.
  std::string many = "step,a\n";
  for (int i = 0; i < 100; ++i) many += "x,1\n";
  errors.clear();
  CHECK_FALSE(history_from_csv(many, errors, 5));
  CHECK(errors.size() == 5);
}

TEST_CASE("the check names the first difference of each series and ignores extra series") {
  const History expected = sample();
  History got;
  for (const Series& s : expected.series())
    for (size_t i = 0; i < s.step.size(); ++i)
      got.add(s.name, s.step[i], s.name == "test_acc" && s.step[i] >= 200 ? s.value[i] + 0.01 : s.value[i]);
  got.add("extra", 0, 1);
  HistoryCheck r = check_history(expected, got, 1e-5);
  REQUIRE(r.mismatches.size() == 1);
  CHECK(r.mismatches[0].series == "test_acc");
  CHECK(r.mismatches[0].step == 200);
  CHECK_THAT(r.mismatches[0].text, Catch::Contains("at step 200 expected 0.7, got 0.71"));
  CHECK(check_history(expected, got, 0.02).ok());  // within a looser tolerance

  History fewer;
  fewer.add("train_loss", 0, 2);
  r = check_history(expected, fewer, 1e-5);
  CHECK(r.mismatches.size() == 3);  // train_loss at other steps, test_acc and gap missing
  CHECK_THAT(r.mismatches[0].text, Catch::Contains("other steps"));
  CHECK_THAT(r.mismatches[1].text, Catch::Contains("missing"));
  // NaN matches NaN only.
  History number = expected;
  number.add("gap", 301, 1);
  CHECK_FALSE(check_history(number, expected, 1).ok());
}
