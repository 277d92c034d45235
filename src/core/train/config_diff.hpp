// Which settings differ between runs: the compare view's table, so "what did I change?" has an answer.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "train/run_config.hpp"

namespace losslab {

struct ConfigDifference {
  std::string key;                  // the field table's key (loss parameters as loss.<param>)
  std::vector<std::string> values;  // one per config, as --set would write it; "n/a" where it does not apply;
                                    // a list over 16 entries (custom points) as "N numbers (#fingerprint)"
};

// The fields whose values are not the same in all `configs`, in field-table order. A field that only
// applies to some of them (a loss parameter, a dataset's size) counts as different when those differ or
// when some have it and some do not. Fewer than two configs: no differences.
std::vector<ConfigDifference> config_differences(std::span<const RunConfig* const> configs);

// A field's value as text, as `--set key=value` and links write it: names as they are, numbers as JSON
// writes them (the shortest text that reads back to the same double), lists comma-separated: 0.01, gce, 64,64.
std::string field_value_text(const nlohmann::json& value);

}  // namespace losslab
