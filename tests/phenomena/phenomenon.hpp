// Shared by the signature tests: run a preset headless to its end (with its own seed), and read the
// shape of an event off the History — when a series first crosses a level, its value at a step, its
// extremes — rather than compare numbers copied from a run.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <string_view>

#include "train/presets.hpp"
#include "train/trainer.hpp"

namespace losslab::phenomena {

// Trains `config` to its end; prints the wall time (the time-to-signature table comes from the
// benchmark script, not from this).
inline History run_config(const RunConfig& config, std::string_view label) {
  INFO(label);
  REQUIRE(validate(config).empty());
  const auto start = std::chrono::steady_clock::now();
  Trainer t(config);
  while (t.step() == RunState::running) {
  }
  CHECK(t.state() == RunState::finished);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << label << ": " << t.steps_done() << " steps in " << seconds << " s\n";
  return t.history();
}

inline History run_preset(std::string_view name) {
  const Preset* p = find_preset(name);
  REQUIRE(p != nullptr);
  return run_config(p->config, name);
}

inline const Series& series(const History& h, std::string_view name) {
  const Series* s = h.find(name);
  INFO("series " << name);
  REQUIRE(s != nullptr);
  REQUIRE(!s->value.empty());
  return *s;
}

// The first step at which the series is ≥ level (above = true) or ≤ level; −1 if never.
inline int64_t first_step(const Series& s, double level, bool above = true) {
  for (size_t i = 0; i < s.value.size(); ++i)
    if (above ? s.value[i] >= level : s.value[i] <= level) return s.step[i];
  return -1;
}

// The value at the recorded step nearest to `step`.
inline double value_at(const Series& s, int64_t step) {
  size_t best = 0;
  for (size_t i = 0; i < s.step.size(); ++i)
    if (std::llabs(s.step[i] - step) < std::llabs(s.step[best] - step)) best = i;
  return s.value[best];
}

inline double max_value(const Series& s) {
  double m = -std::numeric_limits<double>::infinity();
  for (double v : s.value) m = std::max(m, v);
  return m;
}

inline double min_value(const Series& s) {
  double m = std::numeric_limits<double>::infinity();
  for (double v : s.value) m = std::min(m, v);
  return m;
}

}  // namespace losslab::phenomena
