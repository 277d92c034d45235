// The desktop app's kept runs on disk, as the page keeps them in IndexedDB (runs_state.hpp): one JSON file
// per run in a directory ($XDG_DATA_HOME/losslab/runs, else ~/.local/share/losslab/runs), written whole
// to a temporary file and renamed over the old one, so a crash mid-write never leaves half a record.
#pragma once

#include <filesystem>
#include <string>

#include "app_state.hpp"

namespace losslab::ui {

// Where the desktop keeps its runs ("" when neither XDG_DATA_HOME nor HOME is set).
std::filesystem::path default_runs_directory();

// Points the app's run storage at `dir` (created when first written) and reads back the runs stored
// there. Returns how many came back. Failures to write are shown as app.runs.store_error.
int connect_runs_to_directory(AppState& app, const std::filesystem::path& dir);

}  // namespace losslab::ui
