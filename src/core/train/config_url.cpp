#include "train/config_url.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "train/config_diff.hpp"
#include "train/presets.hpp"
#include "util/join.hpp"
#include "util/quoted_input.hpp"

#ifndef LOSSLAB_VERSION
#error "LOSSLAB_VERSION (the CMake project's version) must be defined: src/core/CMakeLists.txt sets it"
#endif

namespace losslab {
namespace {

using nlohmann::json;

constexpr std::string_view kPresetKey = "preset";
constexpr std::string_view kVersionKey = "v";

// Messages start with the key they are about, as run_config's do; a problem with the whole link has none.
ConfigError error(std::string_view key, const std::string& message) {
  return {std::string(key), key.empty() ? message : std::string(key) + ": " + message};
}

std::string number_text(size_t n) { return std::to_string(n); }

bool printable_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded; '+' stays '+' (a fragment is not a form, and "1e+3" should mean what it says).
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Numbers in a link must be finite: "nan", "inf" and "infinity" parse as numbers, and NaN would slip
// past a range check written as two comparisons.
bool names_non_finite(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos;
}

std::string range_text(const FieldSpec& s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "[%.16g, %.16g]", s.min, s.max);  // 2^53 - 1 in full, as a seed may be
  return buf;
}

// "0.1.0": one to twenty characters of digits and dots, starting and ending with a digit.
bool is_version(std::string_view text) {
  return !text.empty() && text.size() <= 20 && std::isdigit(static_cast<unsigned char>(text.front())) &&
         std::isdigit(static_cast<unsigned char>(text.back())) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); });
}

bool is_loss_key(std::string_view key) { return key == "loss" || key.starts_with("loss."); }

// The link's pairs, decoded and checked one by one; refused pairs become errors.
std::vector<QueryPair> split_query(std::string_view query, std::vector<ConfigError>& errors) {
  std::vector<QueryPair> pairs;
  size_t count = 0;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;  // "a=1&&b=2", a trailing '&'
    if (++count > kMaxQueryPairs) {
      errors.push_back(error("", "the link has more than " + number_text(kMaxQueryPairs) +
                                     " settings; the ones after the first " + number_text(kMaxQueryPairs) +
                                     " were not read"));
      break;
    }
    const size_t eq = part.find('=');
    const auto key = percent_decode(part.substr(0, eq));
    if (!key || key->empty() || key->size() > kMaxQueryKey || !printable_ascii(*key)) {
      const std::string raw = shown(part.substr(0, eq));
      errors.push_back(error(raw, !key          ? "the key has a malformed %-escape"
                                  : key->empty() ? "a setting without a key"
                                  : key->size() > kMaxQueryKey
                                      ? "a key of " + number_text(key->size()) + " characters is too long; at most " +
                                            number_text(kMaxQueryKey)
                                      : std::string("the key has characters other than printable ASCII")));
      continue;
    }
    if (eq == std::string_view::npos) {
      errors.push_back(error(*key, "expected " + *key + "=value"));
      continue;
    }
    const std::string_view raw_value = part.substr(eq + 1);
    const size_t max_value = *key == "points" ? kMaxPointsValue : kMaxQueryValue;
    if (raw_value.size() > 3 * max_value) {  // cheap check before decoding hostile input
      errors.push_back(error(*key, "a value of " + number_text(raw_value.size()) + " characters is too long; at most " +
                                       number_text(max_value)));
      continue;
    }
    const auto value = percent_decode(raw_value);
    if (!value)
      errors.push_back(error(*key, "the value '" + shown(raw_value) + "' has a malformed %-escape"));
    else if (value->size() > max_value)
      errors.push_back(error(*key, "a value of " + number_text(value->size()) + " characters is too long; at most " +
                                       number_text(max_value)));
    else if (!printable_ascii(*value))
      errors.push_back(error(*key, "the value '" + shown(*value) + "' has characters other than printable ASCII"));
    else
      pairs.push_back({*key, *value});
  }
  return pairs;
}

// Puts `key` back to its value in `start`. A loss and its parameters go back together: the parameters
// mean nothing without the loss they belong to.
void revert(RunConfig& config, const RunConfig& start, std::string_view key) {
  if (is_loss_key(key)) {
    config.loss = start.loss;
    config.loss_params = start.loss_params;
  } else if (const FieldSpec* f = find_field(key)) {
    set_field(config, key, get_field(start, *f));
  }
}

}  // namespace

std::string_view app_version() { return LOSSLAB_VERSION; }

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == ',') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string config_to_query(const RunConfig& config, std::string_view preset) {
  const Preset* p = preset.empty() ? nullptr : find_preset(preset);
  const RunConfig start = p ? p->config : RunConfig{};
  // Parameters are compared with what the link's `loss=` leaves: the new loss's defaults.
  RunConfig reference = start;
  if (config.loss != start.loss) set_field(reference, "loss", config.loss);
  std::string out;
  auto add = [&out](std::string_view key, std::string_view value) {
    out += (out.empty() ? "" : "&") + percent_encode(key) + "=" + percent_encode(value);
  };
  if (p) add(kPresetKey, p->name);
  for (const FieldSpec& f : config_fields(config)) {
    const json value = get_field(config, f);
    if (value != get_field(f.key == "loss" ? start : reference, f)) add(f.key, field_value_text(value));
  }
  add(kVersionKey, app_version());
  return out;
}

std::vector<ConfigError> apply_query(RunConfig& config, std::string_view query, LinkExtras* extras) {
  std::vector<ConfigError> errors;
  if (query.starts_with('#') || query.starts_with('?')) query.remove_prefix(1);
  if (query.size() > kMaxQueryLength)
    return {error("", "a link of " + number_text(query.size()) + " characters is too long; at most " +
                          number_text(kMaxQueryLength) + " are read")};
  std::vector<QueryPair> pairs = split_query(query, errors);

  // A key given twice is ambiguous: neither value applies.
  std::map<std::string, int> times;
  for (const QueryPair& p : pairs) ++times[p.key];
  for (const auto& [key, n] : times)
    if (n > 1)
      errors.push_back(error(key, "given " + std::to_string(n) + " times; a link gives each setting once, so none "
                                  "of them applied"));
  std::erase_if(pairs, [&](const QueryPair& p) { return times[p.key] > 1; });

  if (auto it = std::find_if(pairs.begin(), pairs.end(), [](const QueryPair& p) { return p.key == kPresetKey; });
      it != pairs.end()) {
    if (const Preset* preset = find_preset(it->value)) {
      config = preset->config;
      if (extras) extras->preset = preset->name;
    } else {
      errors.push_back(error(kPresetKey, "'" + shown(it->value) + "' is not a preset; known presets: " +
                                             join(preset_names())));
    }
  }
  const RunConfig start = config;

  // The loss before its parameters, whose keys only exist once it is chosen; then the rest in link order.
  std::stable_partition(pairs.begin(), pairs.end(), [](const QueryPair& p) { return p.key == "loss"; });
  std::vector<std::string> applied;  // keys set from the link, in order
  for (const QueryPair& p : pairs) {
    if (p.key == kPresetKey) continue;
    if (p.key == kVersionKey) {
      if (!is_version(p.value))
        errors.push_back(error(kVersionKey, "'" + shown(p.value) + "' is not a version number such as " +
                                                std::string(app_version())));
      else if (extras)
        extras->version = p.value;
      continue;
    }
    if (extras && std::find(extras->keys.begin(), extras->keys.end(), p.key) != extras->keys.end()) {
      extras->pairs.push_back(p);
      continue;
    }
    const std::optional<FieldSpec> spec = find_field(config, p.key);
    if (spec && spec->type != FieldType::choice && names_non_finite(p.value)) {
      errors.push_back(error(p.key, "'" + shown(p.value) + "' is not a finite number; allowed " + range_text(*spec)));
      continue;
    }
    if (!spec && !p.key.starts_with("loss.")) {  // shorter than set_field's list of every key: it goes in a banner
      std::string own = "preset, v";
      if (extras)
        for (std::string_view key : extras->keys) own += ", " + std::string(key);
      errors.push_back({p.key, "unknown key '" + p.key + "'; a link's keys are the config fields (losslab list), "
                               "loss.<parameter>, and " + own});
    } else if (auto e = set_field_from_text(config, p.key, p.value))
      errors.push_back(std::move(*e));
    else
      applied.push_back(p.key);
  }

  // Values fine alone but not together: each field a problem names goes back to its starting value;
  // a problem naming no field the link set is the combination's, and a field of the link goes back.
  // Every round takes back at least one field or ends, so this stops.
  while (true) {
    const std::vector<ConfigError> problems = validate(config);
    if (problems.empty()) break;
    bool reverted = false;
    for (const ConfigError& problem : problems) {
      const bool named = std::any_of(applied.begin(), applied.end(), [&](const std::string& key) {
        return key == problem.field || (is_loss_key(problem.field) && is_loss_key(key));
      });
      if (!named) continue;
      revert(config, start, problem.field);
      std::erase_if(applied, [&](const std::string& key) {
        return key == problem.field || (is_loss_key(problem.field) && is_loss_key(key));
      });
      errors.push_back({problem.field, problem.message + " (not applied)"});
      reverted = true;
    }
    if (reverted) continue;
    if (applied.empty()) {  // the starting point itself is invalid: say so, change nothing more
      for (const ConfigError& problem : problems) errors.push_back(problem);
      break;
    }
    // The field whose return clears the first problem, latest first; else simply the latest.
    std::string last = applied.back();
    for (auto key = applied.rbegin(); key != applied.rend(); ++key) {
      RunConfig trial = config;
      revert(trial, start, *key);
      const auto left = validate(trial);
      if (std::none_of(left.begin(), left.end(),
                       [&](const ConfigError& e) { return e.message == problems.front().message; })) {
        last = *key;
        break;
      }
    }
    revert(config, start, last);
    std::erase_if(applied, [&](const std::string& key) {
      return key == last || (is_loss_key(last) && is_loss_key(key));
    });
    errors.push_back(error(last, "not applied: together with the link's other settings, " + problems.front().message));
  }
  return errors;
}

}  // namespace losslab
