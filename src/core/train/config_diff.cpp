#include "train/config_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace losslab {

std::string field_value_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const nlohmann::json& item : value) out += (out.empty() ? "" : ",") + item.dump();
    return out;
  }
  return value.dump();
}

namespace {

// A long list (custom points) as its length and a short fingerprint: two different sets of 40 points
// must not read the same, and 120 numbers do not fit a table cell.
constexpr size_t kLongList = 16;

std::string shown_value(const nlohmann::json& value) {
  std::string text = field_value_text(value);
  if (!value.is_array() || value.size() <= kLongList) return text;
  uint32_t hash = 2166136261u;  // FNV-1a
  for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
  char tag[16];
  std::snprintf(tag, sizeof tag, "%04x", hash & 0xffffu);
  return std::to_string(value.size()) + " numbers (#" + tag + ")";
}

}  // namespace

std::vector<ConfigDifference> config_differences(std::span<const RunConfig* const> configs) {
  std::vector<ConfigDifference> out;
  if (configs.size() < 2) return out;
  // Every key any of the configs has, in the order the first one that has it lists it: the fixed fields
  // are shared, loss parameters differ with the loss.
  std::vector<std::string> keys;
  for (const RunConfig* c : configs)
    for (const FieldSpec& f : config_fields(*c))
      if (std::find(keys.begin(), keys.end(), f.key) == keys.end()) keys.emplace_back(f.key);
  for (const std::string& key : keys) {
    ConfigDifference d{key, {}};
    for (const RunConfig* c : configs) {
      const std::optional<FieldSpec> f = find_field(*c, key);
      d.values.push_back(f && field_relevant(*c, *f) ? shown_value(get_field(*c, *f)) : "n/a");
    }
    if (std::any_of(d.values.begin(), d.values.end(), [&](const std::string& v) { return v != d.values.front(); }))
      out.push_back(std::move(d));
  }
  return out;
}

}  // namespace losslab
