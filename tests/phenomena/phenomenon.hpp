// Shared by the signature tests: run a preset headless to its end (with its own seed), and read the
// shape of an event off the History — when a series first crosses a level, its value at a step, its
// extremes — rather than compare numbers copied from a run.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <iostream>
#include <string_view>

#include "train/history_shape.hpp"
#include "train/presets.hpp"
#include "train/sweep.hpp"
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

// The History up to and including step `until`.
inline History prefix(const History& h, int64_t until) {
  History out;
  for (const Series& s : h.series())
    for (size_t i = 0; i < s.step.size() && s.step[i] <= until; ++i) out.add(s.name, s.step[i], s.value[i]);
  return out;
}

// Runs a preset; when it has a signature of its own, checks that the whole run shows it and that the run
// cut just before the step it names does not (so the signature is an event, not a given).
inline History run_preset(std::string_view name) {
  const Preset* p = find_preset(name);
  REQUIRE(p != nullptr);
  History h = run_config(p->config, name);
  if (p->signature) {
    const Signature seen = p->signature(h, p->config);
    INFO(name << ": " << seen.text);
    CHECK(seen.reached);
    CHECK_FALSE(p->signature(prefix(h, seen.step - 1), p->config).reached);
    std::cout << name << ": " << seen.text << "\n";
  }
  return h;
}

// Runs a sweep preset's grid one run after another, as the page does, and checks its signature on the
// curve: shown by the whole sweep, not by the points before the x it names.
inline Sweep run_sweep_preset(std::string_view name) {
  const Preset* p = find_preset(name);
  REQUIRE(p != nullptr);
  REQUIRE(p->is_sweep());
  std::vector<SweepRun> runs;
  REQUIRE(expand_grid(p->config, p->sweep.grid, runs).empty());
  Sweep sweep(std::move(runs), p->sweep.x);
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = sweep.next(); i < sweep.size(); i = sweep.next()) {
    Trainer t(sweep.run(i).config);
    while (t.step() == RunState::running) {
    }
    CHECK(t.state() == RunState::finished);
    sweep.record(i, sweep_outcome(t));
  }
  std::cout << name << ": " << sweep.size() << " runs in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
  if (p->signature) {
    const Signature seen = p->signature(sweep.curve(), p->config);
    INFO(name << ": " << seen.text);
    CHECK(seen.reached);
    CHECK_FALSE(p->signature(prefix(sweep.curve(), seen.step - 1), p->config).reached);
    std::cout << name << ": " << seen.text << "\n";
  }
  return sweep;
}

inline const Series& series(const History& h, std::string_view name) {
  const Series* s = h.find(name);
  INFO("series " << name);
  REQUIRE(s != nullptr);
  REQUIRE(!s->value.empty());
  return *s;
}

}  // namespace losslab::phenomena
