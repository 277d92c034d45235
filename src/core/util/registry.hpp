// Look-ups in the small static tables that list each switchable family (datasets, activations,
// optimizers, …). A table row has at least `kind` (an enum) and `name` (the stable string key that
// configs, URLs and the CLI use).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace losslab {

// The row of a family whose members need nothing but a key and a line of text.
template <class Kind>
struct RegistryEntry {
  Kind kind;
  std::string_view name;
  std::string_view description;
};

template <class Info>
auto kind_from_name(std::span<const Info> table, std::string_view name)
    -> std::optional<decltype(Info::kind)> {
  for (const Info& row : table)
    if (row.name == name) return row.kind;
  return std::nullopt;
}

// Every enum value has a row; the tables are checked against their enums by the tests.
template <class Info, class Kind>
const Info& info_of(std::span<const Info> table, Kind kind) {
  for (const Info& row : table)
    if (row.kind == kind) return row;
  return table.front();
}

}  // namespace losslab
