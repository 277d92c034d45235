// Learning-rate schedules at their boundaries: the warm-up ramp, the step drops, the cosine's ends.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "optim/schedule.hpp"

using namespace losslab;

TEST_CASE("constant schedule keeps the base rate") {
  ScheduleSettings s;
  CHECK(scheduled_lr(s, 0.1f, 0, 100) == 0.1f);
  CHECK(scheduled_lr(s, 0.1f, 99, 100) == 0.1f);
}

TEST_CASE("step schedule drops by gamma at multiples of step_size") {
  ScheduleSettings s;
  s.kind = Schedule::step;
  s.step_size = 10;
  s.step_gamma = 0.5f;
  CHECK(scheduled_lr(s, 1.0f, 0, 100) == Approx(1.0f));
  CHECK(scheduled_lr(s, 1.0f, 9, 100) == Approx(1.0f));
  CHECK(scheduled_lr(s, 1.0f, 10, 100) == Approx(0.5f));
  CHECK(scheduled_lr(s, 1.0f, 19, 100) == Approx(0.5f));
  CHECK(scheduled_lr(s, 1.0f, 20, 100) == Approx(0.25f));
  CHECK(scheduled_lr(s, 1.0f, 35, 100) == Approx(0.125f));
}

TEST_CASE("cosine schedule is the base rate at 0 half of it at T/2 and 0 at T") {
  ScheduleSettings s;
  s.kind = Schedule::cosine;
  CHECK(scheduled_lr(s, 0.2f, 0, 100) == Approx(0.2f));
  CHECK(scheduled_lr(s, 0.2f, 50, 100) == Approx(0.1f));
  CHECK(scheduled_lr(s, 0.2f, 25, 100) == Approx(0.1 * (1 + std::cos(std::numbers::pi / 4))));
  CHECK(scheduled_lr(s, 0.2f, 99, 100) > 0.0f);  // the last step still moves
  CHECK(scheduled_lr(s, 0.2f, 99, 100) < 1e-4f);
  CHECK(scheduled_lr(s, 0.2f, 100, 100) == Approx(0.0f).margin(1e-12));
  CHECK(scheduled_lr(s, 0.2f, 150, 100) == 0.0f);  // past the end: stays at 0
}

TEST_CASE("warm-up ramps linearly then hands over to the base schedule") {
  ScheduleSettings s;
  s.warmup = 4;
  CHECK(scheduled_lr(s, 1.0f, 0, 100) == Approx(0.25f));  // (0+1)/4: the first step is not wasted
  CHECK(scheduled_lr(s, 1.0f, 1, 100) == Approx(0.5f));
  CHECK(scheduled_lr(s, 1.0f, 3, 100) == Approx(1.0f));
  CHECK(scheduled_lr(s, 1.0f, 4, 100) == Approx(1.0f));

  // After warm-up, t counts from the end of the warm-up and T = total − warmup.
  s.kind = Schedule::cosine;
  s.warmup = 10;
  CHECK(scheduled_lr(s, 1.0f, 9, 110) == Approx(1.0f));
  CHECK(scheduled_lr(s, 1.0f, 10, 110) == Approx(1.0f));
  CHECK(scheduled_lr(s, 1.0f, 60, 110) == Approx(0.5f));
  CHECK(scheduled_lr(s, 1.0f, 110, 110) == Approx(0.0f).margin(1e-12));

  s.kind = Schedule::step;
  s.step_size = 5;
  s.step_gamma = 0.1f;
  CHECK(scheduled_lr(s, 1.0f, 14, 110) == Approx(1.0f));
  CHECK(scheduled_lr(s, 1.0f, 15, 110) == Approx(0.1f));
}

TEST_CASE("the schedule registry has one row per kind and names round-trip") {
  const auto table = schedule_registry();
  REQUIRE(table.size() == 3);
  for (size_t i = 0; i < table.size(); ++i) {
    CHECK(static_cast<size_t>(table[i].kind) == i);
    CHECK(schedule_from_name(table[i].name) == table[i].kind);
    CHECK(schedule_name(table[i].kind) == table[i].name);
  }
  CHECK(schedule_name(Schedule::cosine) == "cosine");
  CHECK(schedule_from_name("warmup") == std::nullopt);
}
