// Learning-rate schedules: the learning rate of each step as a pure function of how far the run is, so
// a schedule has no state to save, restore or reset, and a run replayed from any step gets the same
// rates.
//
//   constant  η
//   step      η·γ^⌊t/step_size⌋                  (drops by γ every step_size steps)
//   cosine    ½·η·(1 + cos(π·t/T))               (η at t = 0, η/2 at T/2, 0 at T: the end of the run)
//   warm-up   η·(s+1)/warmup for the first `warmup` steps s = 0…warmup−1, then the schedule above
//
// t counts steps from the end of the warm-up and T = total − warmup is what is left of the run then, as
// a warm-up chained in front of a schedule (PyTorch's SequentialLR) behaves. The (s+1) makes the first
// step's rate η/warmup rather than 0, a step that would do nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "util/registry.hpp"

namespace losslab {

enum class Schedule { constant, step, cosine };

using ScheduleInfo = RegistryEntry<Schedule>;

std::span<const ScheduleInfo> schedule_registry();
std::optional<Schedule> schedule_from_name(std::string_view name);
std::string_view schedule_name(Schedule kind);

struct ScheduleSettings {
  Schedule kind = Schedule::constant;
  int64_t warmup = 0;       // steps of linear warm-up before the schedule (0: none)
  int64_t step_size = 1000; // step: steps between drops (values below 1 count as 1)
  float step_gamma = 0.1f;  // step: factor of each drop
};

// Learning rate for the step that follows `steps_done` steps of a run `total_steps` long.
// Past the end of the run the cosine schedule stays at 0 and the others keep their formula.
float scheduled_lr(const ScheduleSettings& s, float base_lr, int64_t steps_done, int64_t total_steps);

}  // namespace losslab
