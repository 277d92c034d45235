#include "runs_state.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "app_state.hpp"
#include "points_editor.hpp"
#include "train/presets.hpp"

namespace losslab::ui {
namespace {

constexpr int kRunColours = 8;

double seconds_since_epoch() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Unique across tabs and reloads: the wall clock in microseconds, plus a counter for runs started in the
// same microsecond.
std::string new_run_id() {
  static std::atomic<int> counter{0};
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return "run-" + std::to_string(us) + "-" + std::to_string(counter++);
}

bool name_in_use(const AppState& app, std::string_view name) {
  if (app.runs.live_name == name) return true;
  return std::any_of(app.runs.kept.begin(), app.runs.kept.end(),
                     [&](const KeptRun& k) { return k.record.name == name; });
}

std::string next_name(AppState& app) {
  std::string name;
  do name = run_letter(app.runs.next_letter++);
  while (name_in_use(app, name));
  return name;
}

// The colour least used by the runs on screen, so a new run never shares one with a run it is drawn
// beside while a free one exists.
int free_colour(const AppState& app, bool include_live) {
  int uses[kRunColours] = {};
  if (include_live && app.trainer) ++uses[app.runs.live_colour % kRunColours];
  for (const KeptRun& k : app.runs.kept) uses[k.colour % kRunColours] += k.record.shown ? 2 : 1;
  return static_cast<int>(std::min_element(uses, uses + kRunColours) - uses);
}

void store_put(AppState& app, const RunRecord& r) {
  if (app.runs.store.put && !r.id.empty()) app.runs.store.put(r.id, run_record_to_json(r).dump());
}

void store_remove(AppState& app, const std::string& id) {
  if (app.runs.store.remove && !id.empty()) app.runs.store.remove(id);
}

// Keeps the unpinned runs within their limits: the oldest go first, and only the newest few are drawn.
void trim(AppState& app) {
  auto& kept = app.runs.kept;
  size_t unpinned = static_cast<size_t>(std::count_if(kept.begin(), kept.end(), [](const KeptRun& k) { return !k.record.pinned; }));
  for (size_t i = 0; i < kept.size() && unpinned > kMaxRecentRuns;) {
    if (kept[i].record.pinned) {
      ++i;
      continue;
    }
    store_remove(app, kept[i].record.id);
    kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
    --unpinned;
  }
  size_t shown = 0;
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    if (it->record.pinned || !it->record.shown) continue;
    if (++shown > kMaxShownRecent) {
      it->record.shown = false;
      store_put(app, it->record);
    }
  }
}

void add_kept(AppState& app, RunRecord record, int colour) {
  app.runs.kept.push_back({std::move(record), colour});
  store_put(app, app.runs.kept.back().record);
  trim(app);
}

}  // namespace

std::string run_letter(int index) {
  std::string out;
  for (int i = index + 1; i > 0; i = (i - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (i - 1) % 26));
  return out;
}

RunRecord live_record(const AppState& app) {
  RunRecord r;
  r.id = app.runs.live_id;
  r.name = app.runs.live_name;
  r.preset = app.preset.empty() ? app.link_preset : app.preset;
  r.config = app.config;
  if (app.trainer) {
    r.config = app.trainer->config();
    r.history = app.trainer->history();
    r.steps = app.trainer->steps_done();
  }
  r.pinned = app.runs.live_pinned;
  r.shown = true;
  r.saved_at = seconds_since_epoch();
  return r;
}

void retire_live_run(AppState& app, RunStart why) {
  RunsState& runs = app.runs;
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  const bool replay = (why == RunStart::reset && t.history().events().empty()) || why == RunStart::points;
  const bool keep = t.steps_done() > 0 && !runs.live_is_sweep_point && (runs.live_pinned || !replay);
  if (!keep) {
    store_remove(app, runs.live_id);
    // Its name goes to the run that replaces it: a reset stays "C", and the page's default run, replaced
    // by its link before the first frame, leaves "A" to the run the link names.
    if (runs.next_letter > 0 && runs.live_name == run_letter(runs.next_letter - 1)) --runs.next_letter;
    return;
  }
  RunRecord r = live_record(app);
  r.shown = runs.live_pinned || why == RunStart::edit || why == RunStart::duplicate;
  add_kept(app, std::move(r), runs.live_colour);
}

void name_live_run(AppState& app, RunStart why) {
  RunsState& runs = app.runs;
  runs.live_id = new_run_id();
  runs.live_name.clear();  // the old run's name is free unless it was kept
  runs.live_name = next_name(app);
  runs.live_colour = free_colour(app, /*include_live=*/false);
  runs.live_pinned = false;
  runs.live_is_sweep_point = why == RunStart::sweep;
  runs.live_saved_steps = -1;
  runs.live_saved_at = -1e9;
}

void keep_live_run(AppState& app) {
  app.runs.live_pinned = true;
  app.runs.live_saved_steps = -1;  // written, pinned, at the next frame's checkpoint
  app.runs.live_saved_at = -1e9;
}

std::optional<ConfigError> duplicate_with_change(AppState& app, const RunConfig* source, std::string_view key,
                                                 std::string_view text) {
  RunConfig next = source ? *source : app.config;
  if (auto e = set_field_from_text(next, key, text)) return e;
  if (std::vector<ConfigError> errors = validate(next); !errors.empty()) return errors.front();
  app.sweep.reset();
  start_run(app, next, RunStart::duplicate);
  app.preset.clear();
  app.notice = "duplicated with " + std::string(key) + " = " + std::string(text);
  return std::nullopt;
}

void rerun_kept(AppState& app, size_t index) {
  if (index >= app.runs.kept.size()) return;
  const RunConfig config = app.runs.kept[index].record.config;  // a copy: start_run may trim the list
  const std::string preset = app.runs.kept[index].record.preset;
  app.sweep.reset();
  start_run(app, config, RunStart::edit);
  app.preset = find_preset(preset) && find_preset(preset)->config == config ? preset : std::string();
}

void delete_kept(AppState& app, size_t index) {
  if (index >= app.runs.kept.size()) return;
  store_remove(app, app.runs.kept[index].record.id);
  app.runs.kept.erase(app.runs.kept.begin() + static_cast<std::ptrdiff_t>(index));
}

void rename_kept(AppState& app, size_t index, std::string name) {
  if (index >= app.runs.kept.size() || name.empty() || name.size() > kMaxRecordName) return;
  app.runs.kept[index].record.name = std::move(name);
  store_put(app, app.runs.kept[index].record);
}

void set_kept_pinned(AppState& app, size_t index, bool pinned) {
  if (index >= app.runs.kept.size()) return;
  app.runs.kept[index].record.pinned = pinned;
  store_put(app, app.runs.kept[index].record);
  trim(app);
}

void set_kept_shown(AppState& app, size_t index, bool shown) {
  if (index >= app.runs.kept.size()) return;
  KeptRun& k = app.runs.kept[index];
  k.record.shown = shown;
  if (shown) k.colour = free_colour(app, true);  // it may have shared its colour while hidden
  store_put(app, k.record);
  // Drawn by hand: the newest shown, so the limit hides an older one instead.
  if (shown && !k.record.pinned) {
    KeptRun moved = std::move(k);
    app.runs.kept.erase(app.runs.kept.begin() + static_cast<std::ptrdiff_t>(index));
    app.runs.kept.push_back(std::move(moved));
    trim(app);
  }
}

void clear_recent_runs(AppState& app) {
  auto& kept = app.runs.kept;
  for (const KeptRun& k : kept)
    if (!k.record.pinned) store_remove(app, k.record.id);
  std::erase_if(kept, [](const KeptRun& k) { return !k.record.pinned; });
}

std::vector<ConfigError> import_run_or_config(AppState& app, std::string_view text) {
  app.runs.import_errors.clear();
  app.runs.import_notice.clear();
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");  // a UTF-8 byte-order mark too
  if (first == std::string_view::npos || (text[first] != '{' && text[first] != '[')) {
    app.runs.import_errors = import_points_csv(app, text);  // not JSON: the user's own data
    return app.runs.import_errors;
  }
  const nlohmann::json doc = text.size() <= kMaxRecordText
                                 ? nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false)
                                 : nlohmann::json(nlohmann::json::value_t::discarded);
  std::vector<ConfigError> errors;
  if (!doc.is_discarded() && !looks_like_run_record(doc)) {
    // A config: started as the live run, as `losslab run --config` would.
    RunConfig config;
    errors = apply_json(config, doc);
    if (errors.empty()) {
      app.sweep.reset();
      start_run(app, config, RunStart::import);
      app.preset.clear();
      app.runs.import_notice = "started the imported config as run " + app.runs.live_name;
    }
  } else {
    RunRecordRead read = run_record_from_json(text);
    errors = std::move(read.errors);
    if (read.record) {
      RunRecord r = std::move(*read.record);
      r.id = new_run_id();  // a copy of a stored run must not overwrite it
      if (r.name.empty() || name_in_use(app, r.name)) r.name = next_name(app);
      r.shown = true;
      app.runs.import_notice = "imported run " + r.name + " (" + std::to_string(r.steps) + " steps)";
      add_kept(app, std::move(r), free_colour(app, true));
    }
  }
  app.runs.import_errors = errors;
  return errors;
}

bool restore_stored_run(AppState& app, std::string_view json_text) {
  RunRecordRead read = run_record_from_json(json_text);
  if (!read.record || read.record->id.empty()) {
    // Unreadable (damaged, or written by a newer version): dropped, so it does not fail on every load.
    if (const auto doc = nlohmann::json::parse(json_text, nullptr, false); doc.is_object() && doc.contains("id") &&
                                                                            doc["id"].is_string())
      store_remove(app, doc["id"].get<std::string>());
    return false;
  }
  RunRecord r = std::move(*read.record);
  if (r.id == app.runs.live_id) return false;
  // Listed, not drawn: a new visit starts on its own run, with the earlier ones a tick away (pinned ones
  // are drawn, as pinned).
  r.shown = r.pinned;
  for (const KeptRun& k : app.runs.kept)
    if (k.record.id == r.id) return false;
  // The live run was named before the stored runs came back: it gives way, being the newer.
  const bool live_has_name = app.runs.live_name == r.name;
  if (!live_has_name && name_in_use(app, r.name)) r.name += "'";
  // Before the app's own runs, in the order they were saved.
  auto at = std::find_if(app.runs.kept.begin(), app.runs.kept.end(),
                         [&](const KeptRun& k) { return k.record.saved_at > r.saved_at; });
  app.runs.kept.insert(at, {std::move(r), free_colour(app, true)});
  if (live_has_name) app.runs.live_name = next_name(app);
  trim(app);
  const size_t earlier = app.runs.kept.size();
  app.runs.import_notice = std::to_string(earlier) + (earlier == 1 ? " run" : " runs") +
                           " kept from before: tick one to draw it beside the live run.";
  return true;
}

void checkpoint_live_run(AppState& app, double now, bool force) {
  RunsState& runs = app.runs;
  if (!runs.store.put || !app.trainer || runs.live_is_sweep_point) return;
  const int64_t steps = app.trainer->steps_done();
  if (steps == 0) return;
  if (!force && (steps == runs.live_saved_steps || now - runs.live_saved_at < kCheckpointSeconds)) return;
  store_put(app, live_record(app));
  runs.live_saved_steps = steps;
  runs.live_saved_at = now;
}

std::vector<const KeptRun*> shown_kept_runs(const AppState& app) {
  std::vector<const KeptRun*> out;
  for (const KeptRun& k : app.runs.kept)
    if (k.record.shown) out.push_back(&k);
  return out;
}

}  // namespace losslab::ui
