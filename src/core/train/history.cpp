#include "train/history.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace losslab {

void History::add(std::string_view name, int64_t step, double value) {
  auto it = std::find_if(series_.begin(), series_.end(), [&](const Series& s) { return s.name == name; });
  if (it == series_.end()) {
    series_.push_back({std::string(name), {}, {}});
    it = series_.end() - 1;
  }
  it->step.push_back(step);
  it->value.push_back(value);
}

void History::add_event(int64_t step, std::string text) { events_.push_back({step, std::move(text)}); }

const Series* History::find(std::string_view name) const {
  for (const Series& s : series_)
    if (s.name == name) return &s;
  return nullptr;
}

double History::last(std::string_view name) const {
  const Series* s = find(name);
  return s && !s->value.empty() ? s->value.back() : std::numeric_limits<double>::quiet_NaN();
}

std::string History::to_csv() const {
  std::vector<int64_t> steps;
  for (const Series& s : series_) steps.insert(steps.end(), s.step.begin(), s.step.end());
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());

  std::string out = "step";
  for (const Series& s : series_) out += "," + s.name;
  out += "\n";
  std::vector<size_t> cursor(series_.size(), 0);  // each series' steps are increasing
  char buf[40];
  for (int64_t step : steps) {
    out += std::to_string(step);
    for (size_t k = 0; k < series_.size(); ++k) {
      out += ",";
      const Series& s = series_[k];
      if (cursor[k] < s.step.size() && s.step[cursor[k]] == step) {
        std::snprintf(buf, sizeof buf, "%.9g", s.value[cursor[k]++]);
        out += buf;
      }
    }
    out += "\n";
  }
  return out;
}

nlohmann::json History::to_json() const {
  nlohmann::json series = nlohmann::json::object();
  for (const Series& s : series_) {
    nlohmann::json values = nlohmann::json::array();
    for (double v : s.value) values.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
    series[s.name] = {{"step", s.step}, {"value", std::move(values)}};
  }
  nlohmann::json events = nlohmann::json::array();
  for (const Event& e : events_) events.push_back({{"step", e.step}, {"text", e.text}});
  return {{"series", std::move(series)}, {"events", std::move(events)}};
}

}  // namespace losslab
