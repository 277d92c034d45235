// One tunable parameter of a registered component (a loss, say): its key, meaning, default and range.
// The UI builds a slider or a combo box from it, `losslab list --json` prints it, and configs, URLs and
// the CLI are range-checked against it.
#pragma once

#include <span>
#include <string_view>

namespace losslab {

struct ParamSpec {
  std::string_view name;      // key: `loss.<name>` in configs and URLs, `--param <name>=…` on the CLI
  std::string_view help;      // one line: what it does
  double default_value = 0;
  double min = 0, max = 0;    // inclusive range
  bool integer = false;       // whole numbers only (an iteration count, a toggle)
  bool log_scale = false;     // a slider for it should be logarithmic
  std::span<const std::string_view> choices = {};  // non-empty: the value is an index into these names
};

// The choices of an on/off toggle parameter.
inline constexpr std::string_view kOffOn[] = {"off", "on"};

}  // namespace losslab
