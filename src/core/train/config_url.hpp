// A RunConfig as the query of a link: `preset=grokking-modadd&loss=gce&loss.q=0.7&v=0.1.0`.
//
// A link names a starting point (a preset, else the defaults) and only the fields that differ from it, so
// links stay short and readable and keep meaning the same thing when a field is added to the table. Keys
// are the field table's keys (loss parameters as `loss.<param>`), values the text `--set` takes.
//
// Reading a link is total: any text, however long or hostile, gives a config and a list of errors, one
// per refused field, each naming the field and the allowed values; the fields without problems still
// apply. Keys that are not config fields but belong to the caller (the page's visible plots) are handed
// back, decoded, for the caller to check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "train/run_config.hpp"

namespace losslab {

// The version of LossLab that writes links (the CMake project's version); links carry it as `v`.
std::string_view app_version();

// Limits on what a link may hold; longer input is refused, not truncated into something else.
inline constexpr size_t kMaxQueryLength = 81920;  // characters of the whole query (custom points: 64 KiB)
inline constexpr size_t kMaxQueryPairs = 256;     // key=value pairs
inline constexpr size_t kMaxQueryKey = 64;        // characters of one decoded key
inline constexpr size_t kMaxQueryValue = 2048;    // characters of one decoded value (a 64-entry matrix fits)
inline constexpr size_t kMaxPointsValue = 65536;  // … of `points`, the custom data (4,000 2-D points fit)

// A key=value pair of a query, percent-decoded.
struct QueryPair {
  std::string key;
  std::string value;
};

// What a link holds beyond the config, for the caller (the page) to use.
struct LinkExtras {
  std::vector<std::string_view> keys;  // in: keys the caller handles itself (the page's "plots")
  std::vector<QueryPair> pairs;        // out: those keys' values, in link order (unchecked: the caller's)
  std::string preset;                  // out: the preset the link started from ("" if none or unknown)
  std::string version;                 // out: the version that wrote the link (`v`, when well formed)
};

// The query of a link to `config`: `preset=NAME` when `preset` names a preset, then every field (and
// loss parameter) whose value differs from that preset's config — or from RunConfig's defaults when
// `preset` is empty or unknown — in field-table order, then `v=<app_version()>`. Values are
// percent-encoded; apply_query on a fresh RunConfig gives back `config` exactly.
std::string config_to_query(const RunConfig& config, std::string_view preset = {});

// Applies a link's query (an optional leading '#' or '?' is skipped) to `config`:
//   1. `preset` first: the config becomes that preset's;
//   2. `loss`, then every other config key, each percent-decoded and set as `--set` would;
//   3. keys listed in `extras->keys` are not applied but handed back in `extras->pairs`;
//   4. validate(): a field whose value is fine alone but not together with the rest (batch_size over
//      n_train, …) is put back to its value after step 1, so the result is valid whenever the start was.
// Each refused pair gives one error naming its key: unknown keys, malformed escapes or numbers, values out
// of range, NaN or infinities, lists over their length, overlong keys or values, characters other than
// printable ASCII, and keys given more than once (none of their values apply). `v` must be a version
// number (digits and dots); a link from another version still loads. Never throws.
std::vector<ConfigError> apply_query(RunConfig& config, std::string_view query, LinkExtras* extras = nullptr);

// Percent-encoding of one key or value: everything but A–Z a–z 0–9 - . _ ~ and ',' becomes %XX.
std::string percent_encode(std::string_view text);

}  // namespace losslab
