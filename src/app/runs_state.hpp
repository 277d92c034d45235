// Runs the page keeps besides the live one, to compare and to survive a reload.
//
// Every run has a name (A, B, C, … until renamed), a colour and a storage id from the moment it starts.
// When the live run is replaced, it is kept unless there is nothing to keep (no step taken; a reset of
// the same config that nothing changed live, which would replay the same History; a sweep's grid point,
// which the sweep keeps). A kept run is overlaid on the plots when it was replaced by a hand edit or a
// "duplicate with one change" (the comparison the user is making) or pinned; runs left behind by loading
// a preset or a link are listed, not drawn. At most kMaxRecentRuns unpinned runs are kept (the oldest
// goes) and at most kMaxShownRecent of them drawn at once; pinned runs stay until deleted.
//
// Storage is a hook pair (the page: IndexedDB through web/run_store.js); without it (the desktop, the
// tests) runs last as long as the app. The live run is written every kCheckpointSeconds while it
// changes, and when it is replaced; a kept run whenever it changes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "train/run_record.hpp"

namespace losslab::ui {

struct AppState;

inline constexpr size_t kMaxRecentRuns = 6;
inline constexpr size_t kMaxShownRecent = 3;
inline constexpr size_t kMaxPinnedRuns = 24;
inline constexpr double kCheckpointSeconds = 5;

struct KeptRun {
  RunRecord record;
  int colour = 0;  // index into the run palette (run_color)
};

// Why a new run starts: decides what happens to the one it replaces (see above).
// `points`: the custom points were edited on the plot; like a reset, the run it replaces is not kept (a
// dozen clicks would otherwise push every kept run out).
enum class RunStart { edit, reset, preset, sweep, duplicate, import, points };

struct RunStore {
  void (*put)(const std::string& id, const std::string& json) = nullptr;
  void (*remove)(const std::string& id) = nullptr;
};

struct RunsState {
  std::vector<KeptRun> kept;     // oldest first
  // The live run's identity (its config and History are the trainer's).
  std::string live_id;
  std::string live_name;
  int live_colour = 0;
  bool live_pinned = false;
  bool live_is_sweep_point = false;
  int64_t live_saved_steps = -1;  // steps at the last checkpoint (-1: never written)
  double live_saved_at = -1e9;    // seconds (the app's clock) of the last checkpoint
  int next_letter = 0;            // A = 0
  RunStore store;
  std::string store_error;        // the last storage failure (quota, no IndexedDB), shown until it works
  std::vector<ConfigError> import_errors;  // what the last import refused, shown in the Runs tab
  std::string import_notice;               // what the last import did
};

// Called by start_run before the trainer is replaced, and after the new one exists.
void retire_live_run(AppState& app, RunStart why);
void name_live_run(AppState& app, RunStart why);

// The live run as a record (a snapshot of its History now).
RunRecord live_record(const AppState& app);

// Pins the live run: it will be kept, and drawn, whatever replaces it.
void keep_live_run(AppState& app);

// Starts a copy of `source` (the live run when null) with one field changed (`key`=`text`, as --set
// reads it); the run it replaces is kept and drawn, so the two are compared at once. On a refused value
// nothing changes and the error is returned.
std::optional<ConfigError> duplicate_with_change(AppState& app, const RunConfig* source, std::string_view key,
                                                 std::string_view text);

// Starts a new live run from a kept run's config (the kept run stays).
void rerun_kept(AppState& app, size_t index);

void delete_kept(AppState& app, size_t index);
void rename_kept(AppState& app, size_t index, std::string name);
void set_kept_pinned(AppState& app, size_t index, bool pinned);
void set_kept_shown(AppState& app, size_t index, bool shown);
// Unpinned runs go; pinned ones stay.
void clear_recent_runs(AppState& app);

// Reads a run JSON (added to the kept runs, drawn), a config JSON (started as the live run) or, when the
// text is not JSON, a CSV of the user's own points (points_editor.hpp). Returns
// the errors, each naming its field; nothing changes when there are any.
std::vector<ConfigError> import_run_or_config(AppState& app, std::string_view text);

// A stored record, read back at start (the page's IndexedDB, the desktop's directory): added to the kept
// runs as it was, but drawn only if pinned.
// Returns false (and drops it from the store) when it no longer reads, e.g. from a newer version.
bool restore_stored_run(AppState& app, std::string_view json_text);

// Writes the live run when its checkpoint is due (every kCheckpointSeconds of `now` while its step count
// changes), or at once when `force`.
void checkpoint_live_run(AppState& app, double now, bool force = false);

// The runs drawn on the plots besides the live one, oldest first.
std::vector<const KeptRun*> shown_kept_runs(const AppState& app);

// "A", "B", …, "Z", "AA", "AB", …
std::string run_letter(int index);

}  // namespace losslab::ui
