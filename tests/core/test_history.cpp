// History: series at different cadences merge into one CSV; JSON keeps everything.
#include <catch2/catch.hpp>

#include <cmath>

#include "train/history.hpp"

using namespace losslab;

TEST_CASE("CSV has a row per step and blanks where a series has no value") {
  History h;
  h.add("loss", 0, 2.5);
  h.add("acc", 0, 0.25);
  h.add("loss", 10, 1.0);
  h.add("loss", 20, 0.125);
  h.add("acc", 20, 0.75);
  CHECK(h.to_csv() == "step,loss,acc\n0,2.5,0.25\n10,1,\n20,0.125,0.75\n");
  CHECK(h.last("loss") == 0.125);
  CHECK(std::isnan(h.last("missing")));
}

TEST_CASE("JSON keeps series and events and non-finite values become null") {
  History h;
  h.add("loss", 1, 0.5);
  h.add("loss", 2, std::nan(""));
  h.add_event(2, "diverged");
  const auto j = h.to_json();
  CHECK(j["series"]["loss"]["step"] == nlohmann::json({1, 2}));
  CHECK(j["series"]["loss"]["value"][0] == 0.5);
  CHECK(j["series"]["loss"]["value"][1].is_null());
  CHECK(j["events"][0]["text"] == "diverged");
}
