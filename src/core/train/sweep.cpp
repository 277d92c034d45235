#include "train/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace losslab {
namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The leading integer of a setting's text ("64" → 64, "8/8" → 8); nothing if it has none.
std::optional<int64_t> leading_integer(std::string_view text) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  return v;
}

std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

std::string SweepRun::label() const {
  std::string out;
  for (const auto& [key, value] : settings) out += (out.empty() ? "" : " ") + key + "=" + value;
  return out;
}

std::optional<ConfigError> parse_grid_axis(std::string_view text, SweepAxis& axis) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return ConfigError{"grid", "'" + std::string(text) + "' must look like key=value1,value2,…"};
  axis.key = trimmed(text.substr(0, eq));
  axis.values.clear();
  std::string_view rest = text.substr(eq + 1);
  while (true) {
    const size_t comma = rest.find(',');
    std::string value = trimmed(rest.substr(0, comma));
    if (value.empty())
      return ConfigError{axis.key, "grid values for '" + axis.key + "' must not be empty (got '" +
                                       std::string(text.substr(eq + 1)) + "')"};
    axis.values.push_back(std::move(value));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

std::vector<ConfigError> expand_grid(const RunConfig& base, std::span<const SweepAxis> grid,
                                     std::vector<SweepRun>& runs) {
  runs.clear();
  std::vector<ConfigError> errors;
  // Every value once, on its own, so a bad value is named once rather than once per grid point.
  for (const SweepAxis& axis : grid) {
    if (axis.values.empty()) errors.push_back({axis.key, "the grid gives '" + axis.key + "' no values"});
    for (const std::string& value : axis.values) {
      RunConfig probe = base;
      std::string text = value;
      std::replace(text.begin(), text.end(), '/', ',');
      if (auto e = set_field_from_text(probe, axis.key, text)) errors.push_back(*e);
    }
  }
  if (!errors.empty()) return errors;

  size_t total = 1;
  for (const SweepAxis& axis : grid) total *= axis.values.size();
  constexpr size_t kMaxRuns = 10000;
  if (total > kMaxRuns)
    return {{"grid", "the grid has " + std::to_string(total) + " points; at most " + std::to_string(kMaxRuns) +
                         " are allowed"}};
  for (size_t i = 0; i < total; ++i) {
    SweepRun run{{}, base};
    size_t rest = i;
    for (size_t a = grid.size(); a-- > 0;) {  // the last axis varies fastest
      const SweepAxis& axis = grid[a];
      const std::string& value = axis.values[rest % axis.values.size()];
      rest /= axis.values.size();
      run.settings.insert(run.settings.begin(), {axis.key, value});
    }
    for (const auto& [key, value] : run.settings) {
      std::string text = value;
      std::replace(text.begin(), text.end(), '/', ',');
      set_field_from_text(run.config, key, text);  // checked above
    }
    for (ConfigError& e : validate(run.config)) {
      e.message = "grid point " + run.label() + ": " + e.message;
      errors.push_back(std::move(e));
    }
    runs.push_back(std::move(run));
  }
  if (!errors.empty()) runs.clear();
  return errors;
}

double SweepOutcome::final_value(std::string_view name) const {
  for (const auto& [key, value] : finals)
    if (key == name) return value;
  return std::numeric_limits<double>::quiet_NaN();
}

SweepOutcome sweep_outcome(const Trainer& trainer) {
  SweepOutcome out;
  out.state = trainer.state();
  out.message = trainer.message();
  out.steps = trainer.steps_done();
  out.params = static_cast<int64_t>(trainer.params().size());
  out.history = trainer.history();
  for (const Series& s : trainer.history().series())
    if (!s.value.empty()) out.finals.emplace_back(s.name, s.value.back());
  // Errors read better than accuracies on a double-descent curve.
  for (const char* split : {"test", "train"}) {
    const double acc = out.final_value(std::string(split) + "_acc");
    if (!std::isnan(acc)) out.finals.emplace_back(std::string(split) + "_error", 1 - acc);
  }
  return out;
}

Sweep::Sweep(std::vector<SweepRun> runs, std::string_view x)
    : runs_(std::move(runs)), x_(x), outcomes_(runs_.size()) {}

size_t Sweep::finished() const {
  return static_cast<size_t>(std::count_if(outcomes_.begin(), outcomes_.end(), [](auto& o) { return o.has_value(); }));
}

size_t Sweep::next() const {
  for (size_t i = 0; i < outcomes_.size(); ++i)
    if (!outcomes_[i]) return i;
  return outcomes_.size();
}

int64_t Sweep::x_of(size_t i) const {
  if (x_ == "run") return static_cast<int64_t>(i) + 1;
  if (x_ == "params") {
    if (outcomes_[i]) return outcomes_[i]->params;
    return -1;
  }
  for (const auto& [key, value] : runs_[i].settings)
    if (key == x_) return leading_integer(value).value_or(-1);
  return -1;
}

void Sweep::record(size_t i, SweepOutcome outcome) {
  outcomes_[i] = std::move(outcome);
  // Rebuild: points sorted by x, the mean over the finished runs that share an x (seeds).
  std::map<int64_t, std::map<std::string, std::pair<double, int>>> sums;
  std::vector<std::string> order;  // series in the order they first appear
  for (size_t r = 0; r < outcomes_.size(); ++r) {
    const auto& o = outcomes_[r];
    if (!o || o->state != RunState::finished) continue;
    auto& at = sums[x_of(r)];
    for (const auto& [name, value] : o->finals) {
      if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
      auto& [sum, count] = at[name];
      sum += value;
      count += 1;
    }
  }
  curve_ = History();
  for (const std::string& name : order)
    for (const auto& [x, at] : sums)
      if (const auto it = at.find(name); it != at.end()) curve_.add(name, x, it->second.first / it->second.second);
}

std::string sweep_summary_csv(const Sweep& sweep) {
  std::vector<std::string> keys, finals;
  for (size_t i = 0; i < sweep.size(); ++i) {
    for (const auto& [key, value] : sweep.run(i).settings)
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    if (const auto& o = sweep.outcomes()[i])
      for (const auto& [name, value] : o->finals)
        if (std::find(finals.begin(), finals.end(), name) == finals.end()) finals.push_back(name);
  }
  std::string out = "run";
  for (const std::string& k : keys) out += "," + csv_cell(k);
  out += ",state,message,steps,params";
  for (const std::string& f : finals) out += ",final_" + csv_cell(f);
  out += "\n";
  for (size_t i = 0; i < sweep.size(); ++i) {
    const SweepRun& run = sweep.run(i);
    out += std::to_string(i);
    for (const std::string& k : keys) {
      std::string cell;
      for (const auto& [key, value] : run.settings)
        if (key == k) cell = value;
      out += "," + csv_cell(cell);
    }
    const auto& o = sweep.outcomes()[i];
    if (!o) {
      out += ",not run,,,";
      for (size_t f = 0; f < finals.size(); ++f) out += ",";
    } else {
      out += "," + std::string(run_state_name(o->state)) + "," + csv_cell(o->message) + "," +
             std::to_string(o->steps) + "," + std::to_string(o->params);
      for (const std::string& f : finals) out += "," + number(o->final_value(f));
    }
    out += "\n";
  }
  return out;
}

}  // namespace losslab
