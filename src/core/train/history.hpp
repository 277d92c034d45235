// History: the time series a run produces. Each metric is a named series of (step, value) pairs, so
// metrics measured at different cadences live side by side; events (divergence, a live change of a
// setting) are kept with the step at which they happened. Plots, CSV/JSON output and tests read it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace losslab {

struct Series {
  std::string name;
  std::vector<int64_t> step;
  std::vector<double> value;
  bool operator==(const Series&) const = default;
};

struct Event {
  int64_t step;
  std::string text;
  bool operator==(const Event&) const = default;
};

class History {
 public:
  void add(std::string_view name, int64_t step, double value);
  void add_event(int64_t step, std::string text);

  const Series* find(std::string_view name) const;
  const std::vector<Series>& series() const { return series_; }
  const std::vector<Event>& events() const { return events_; }
  // Last value of a series, or NaN if it has none.
  double last(std::string_view name) const;

  // One row per step that has any value; a column per series (in the order they were first added);
  // empty cells where a series has no value at that step. Values printed with 9 significant digits.
  std::string to_csv() const;
  nlohmann::json to_json() const;

  bool operator==(const History&) const = default;

 private:
  std::vector<Series> series_;
  std::vector<Event> events_;
};

}  // namespace losslab
