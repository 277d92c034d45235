#include "optim/schedule.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace losslab {
namespace {

constexpr std::array<ScheduleInfo, 3> kRegistry{{
    {Schedule::constant, "constant", "the same learning rate for the whole run"},
    {Schedule::step, "step", "multiply the learning rate by step_gamma every step_size steps"},
    {Schedule::cosine, "cosine", "half a cosine from the learning rate down to 0 at the end of the run"},
}};

constexpr double kPi = 3.14159265358979323846;

}  // namespace

std::span<const ScheduleInfo> schedule_registry() { return kRegistry; }

std::optional<Schedule> schedule_from_name(std::string_view name) {
  return kind_from_name(schedule_registry(), name);
}

std::string_view schedule_name(Schedule kind) { return info_of(schedule_registry(), kind).name; }

float scheduled_lr(const ScheduleSettings& s, float base_lr, int64_t steps_done, int64_t total_steps) {
  const double lr = base_lr;
  if (steps_done < s.warmup)
    return static_cast<float>(lr * static_cast<double>(steps_done + 1) / static_cast<double>(s.warmup));
  const int64_t t = steps_done - std::max<int64_t>(s.warmup, 0);
  switch (s.kind) {
    case Schedule::constant: return base_lr;
    case Schedule::step: {
      const int64_t drops = t / std::max<int64_t>(s.step_size, 1);
      return static_cast<float>(lr * std::pow(static_cast<double>(s.step_gamma), static_cast<double>(drops)));
    }
    case Schedule::cosine: {
      const int64_t T = total_steps - std::max<int64_t>(s.warmup, 0);
      if (t >= T) return 0.0f;  // also a run no longer than its warm-up: nothing left to anneal
      const double progress = static_cast<double>(t) / static_cast<double>(T);
      return static_cast<float>(0.5 * lr * (1.0 + std::cos(kPi * progress)));
    }
  }
  return base_lr;
}

}  // namespace losslab
