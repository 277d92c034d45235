#include "train/run_record.hpp"

#include <algorithm>
#include <cmath>
#include <limits>


namespace losslab {
namespace {

using nlohmann::json;

constexpr std::string_view kFormatKey = "losslab_run";

void refuse(std::vector<ConfigError>& errors, std::string field, std::string message) {
  errors.push_back({field, field + ": " + message});
}

// Run and series names are shown in the page: printable text of a bounded length.
bool printable(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::optional<std::string> read_name(const json& object, std::string_view key, std::string_view field,
                                     bool required, std::vector<ConfigError>& errors) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) refuse(errors, std::string(field), "missing; a text of at most 64 characters");
    return std::string();
  }
  if (!it->is_string() || it->get_ref<const std::string&>().size() > kMaxRecordName ||
      !printable(it->get_ref<const std::string&>())) {
    refuse(errors, std::string(field), "must be a text of at most 64 printable characters");
    return std::nullopt;
  }
  return it->get<std::string>();
}

bool read_series(const json& value, const std::string& field, Series& s, std::vector<ConfigError>& errors) {
  if (!value.is_object() || !value.contains("step") || !value.contains("value") || !value["step"].is_array() ||
      !value["value"].is_array()) {
    refuse(errors, field, "must be an object {\"step\": [...], \"value\": [...]}");
    return false;
  }
  const json& steps = value["step"];
  const json& values = value["value"];
  if (steps.size() != values.size()) {
    refuse(errors, field, "has " + std::to_string(steps.size()) + " steps but " + std::to_string(values.size()) +
                              " values; they must pair up");
    return false;
  }
  if (steps.size() > kMaxSeriesPoints) {
    refuse(errors, field, "has " + std::to_string(steps.size()) + " points; at most " +
                              std::to_string(kMaxSeriesPoints) + " are read");
    return false;
  }
  s.step.reserve(steps.size());
  s.value.reserve(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) {
    const json& st = steps[i];
    if (!st.is_number_integer() || st.get<int64_t>() < 0 || (!s.step.empty() && st.get<int64_t>() < s.step.back())) {
      refuse(errors, field + ".step[" + std::to_string(i) + "]",
             "must be a whole number ≥ 0, not below the step before it");
      return false;
    }
    const json& v = values[i];
    if (!v.is_null() && !v.is_number()) {
      refuse(errors, field + ".value[" + std::to_string(i) + "]", "must be a number or null (not measured / NaN)");
      return false;
    }
    s.step.push_back(st.get<int64_t>());
    s.value.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  }
  return true;
}

json history_json(const History& h) {
  json out = h.to_json();
  json order = json::array();
  for (const Series& s : h.series()) order.push_back(s.name);
  out["order"] = std::move(order);
  return out;
}

}  // namespace

std::optional<History> history_from_json(const json& value, std::string_view field, std::vector<ConfigError>& errors) {
  const std::string base(field);
  const size_t before = errors.size();
  if (!value.is_object()) {
    refuse(errors, base, "must be an object {\"series\": {...}, \"events\": [...]}");
    return std::nullopt;
  }
  History h;
  if (const auto it = value.find("series"); it != value.end()) {
    if (!it->is_object()) {
      refuse(errors, base + ".series", "must be an object of named series");
    } else if (it->size() > kMaxRecordSeries) {
      refuse(errors, base + ".series", "has " + std::to_string(it->size()) + " series; at most " +
                                           std::to_string(kMaxRecordSeries) + " are read");
    } else {
      // JSON objects come back sorted by key; "order" (written by run_record_to_json) restores the order
      // the run added its series in, which is the CSV's column order and the legends' order.
      std::vector<std::string> names;
      if (const auto order = value.find("order"); order != value.end() && order->is_array())
        for (const json& n : *order)
          if (n.is_string() && it->contains(n.get<std::string>()) &&
              std::find(names.begin(), names.end(), n.get<std::string>()) == names.end())
            names.push_back(n.get<std::string>());
      for (const auto& [name, series] : it->items())
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      for (const std::string& name : names) {
        const json& series = (*it)[name];
        const std::string f = base + ".series." + (name.size() <= kMaxRecordName && printable(name) ? name : "?");
        if (name.empty() || name.size() > kMaxRecordName || !printable(name)) {
          refuse(errors, f, "a series name must be 1 to 64 printable characters");
          continue;
        }
        Series s;
        if (!read_series(series, f, s, errors)) continue;
        for (size_t i = 0; i < s.step.size(); ++i) h.add(name, s.step[i], s.value[i]);
      }
    }
  }
  if (const auto it = value.find("events"); it != value.end()) {
    if (!it->is_array() || it->size() > kMaxRecordEvents) {
      refuse(errors, base + ".events", "must be a list of at most " + std::to_string(kMaxRecordEvents) +
                                           " {\"step\", \"text\"} objects");
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& e = (*it)[i];
        const std::string f = base + ".events[" + std::to_string(i) + "]";
        if (!e.is_object() || !e.contains("step") || !e["step"].is_number_integer() || e["step"].get<int64_t>() < 0 ||
            !e.contains("text") || !e["text"].is_string() ||
            e["text"].get_ref<const std::string&>().size() > kMaxEventText) {
          refuse(errors, f, "must be {\"step\": a whole number ≥ 0, \"text\": at most 1000 characters}");
          continue;
        }
        h.add_event(e["step"].get<int64_t>(), e["text"].get<std::string>());
      }
    }
  }
  if (errors.size() != before) return std::nullopt;
  return h;
}

json run_record_to_json(const RunRecord& r) {
  return {{kFormatKey, kRunRecordFormat},
          {"id", r.id},
          {"name", r.name},
          {"preset", r.preset},
          {"steps", r.steps},
          {"pinned", r.pinned},
          {"shown", r.shown},
          {"saved_at", r.saved_at},
          {"config", to_json(r.config)},
          {"history", history_json(r.history)}};
}

bool looks_like_run_record(const json& object) { return object.is_object() && object.contains(kFormatKey); }

RunRecordRead run_record_from_json(std::string_view text, WorkLimits limits) {
  RunRecordRead out;
  auto& errors = out.errors;
  if (text.size() > kMaxRecordText) {
    refuse(errors, "run", "the file is " + std::to_string(text.size() >> 20) + " MB; at most " +
                              std::to_string(kMaxRecordText >> 20) + " MB are read");
    return out;
  }
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    refuse(errors, "run", "not valid JSON");
    return out;
  }
  if (!looks_like_run_record(doc)) {
    refuse(errors, "run", "not a LossLab run (no \"losslab_run\" key); a config file is read as a config");
    return out;
  }
  const json& format = doc[kFormatKey];
  if (!format.is_number_integer() || format.get<int64_t>() < 1 || format.get<int64_t>() > kRunRecordFormat) {
    refuse(errors, std::string(kFormatKey),
           "format " + format.dump() + " is not one this version reads (1 to " + std::to_string(kRunRecordFormat) +
               "); it may come from a newer LossLab");
    return out;
  }
  RunRecord r;
  if (auto v = read_name(doc, "id", "id", false, errors)) r.id = *v;
  if (auto v = read_name(doc, "name", "name", true, errors)) r.name = *v;
  if (auto v = read_name(doc, "preset", "preset", false, errors)) r.preset = *v;
  if (const auto it = doc.find("steps"); it != doc.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0)
      refuse(errors, "steps", "must be a whole number ≥ 0");
    else
      r.steps = it->get<int64_t>();
  }
  for (const auto& [key, target] : {std::pair{"pinned", &r.pinned}, std::pair{"shown", &r.shown}})
    if (const auto it = doc.find(key); it != doc.end()) {
      if (!it->is_boolean())
        refuse(errors, key, "must be true or false");
      else
        *target = it->get<bool>();
    }
  if (const auto it = doc.find("saved_at"); it != doc.end()) {
    if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
      refuse(errors, "saved_at", "must be a number of seconds ≥ 0");
    else
      r.saved_at = it->get<double>();
  }
  if (const auto it = doc.find("config"); it == doc.end() || !it->is_object()) {
    refuse(errors, "config", "missing; the run's config object");
  } else {
    for (ConfigError e : apply_json(r.config, *it, limits)) {
      e.field = "config." + e.field;
      e.message = "config: " + e.message;
      errors.push_back(std::move(e));
    }
  }
  if (const auto it = doc.find("history"); it == doc.end()) {
    refuse(errors, "history", "missing; {\"series\": {...}, \"events\": [...]}");
  } else if (auto h = history_from_json(*it, "history", errors)) {
    r.history = std::move(*h);
  }
  if (errors.empty()) out.record = std::move(r);
  return out;
}

}  // namespace losslab
