#include "classroom.hpp"

#include <algorithm>

#include "train/config_url.hpp"
#include "util/quoted_input.hpp"

namespace losslab::ui {

bool classroom_shows(const Classroom& c, std::string_view key) {
  return !c.on || c.lock_others || std::find(c.open.begin(), c.open.end(), key) != c.open.end();
}

bool classroom_allows(const Classroom& c, std::string_view key) {
  return !c.on || std::find(c.open.begin(), c.open.end(), key) != c.open.end();
}

bool classroom_shows_others(const Classroom& c) { return !c.on || c.lock_others; }

std::string classroom_query(const Classroom& c) {
  if (!c.on) return "";
  std::string keys;
  for (const std::string& k : c.open) keys += (keys.empty() ? "" : ",") + k;
  std::string out = std::string(kClassroomKey) + "=" + percent_encode(keys);
  if (c.lock_others) out += "&" + std::string(kClassroomOthersKey) + "=lock";
  return out;
}

std::optional<ConfigError> parse_classroom(std::string_view key, std::string_view value, Classroom& c) {
  if (key == kClassroomOthersKey) {
    if (value != "lock" && value != "hide")
      return ConfigError{std::string(key), std::string(key) + ": '" + shown(value) +
                                               "' is not allowed; allowed: lock (shown greyed out) or hide"};
    c.lock_others = value == "lock";
    return std::nullopt;
  }
  std::vector<std::string> open;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    const std::string_view name = value.substr(0, comma);
    if (!find_field(name) && !(name.starts_with("loss.") && name.size() > 5 && name.size() <= 64))
      return ConfigError{std::string(key), std::string(key) + ": '" + shown(name) +
                                               "' is not a setting; allowed: a comma-separated list of config "
                                               "fields (losslab list) and loss.<parameter>"};
    if (std::find(open.begin(), open.end(), name) == open.end()) open.emplace_back(name);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  c.on = true;
  c.open = std::move(open);
  return std::nullopt;
}

}  // namespace losslab::ui
