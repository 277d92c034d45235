// The JavaScript hook of the page: window.losslab in web/index.html wraps the functions that
// web_api.cpp exports (history, status, config, set, control). Browser tests and, later, the embedding
// API use it.
#pragma once

#include "app_state.hpp"

namespace losslab::ui {

// Makes `app` the state the exported functions read and change. Called once by the web main.
void publish_to_web(AppState* app);

// Refused fields as the page's functions reply them: [{field, message}].
nlohmann::json errors_json(const std::vector<ConfigError>& errors);

// Connects the kept runs to the page (web_runs.cpp): IndexedDB storage, downloads, the file picker, PNG
// capture. Called once by the web main.
void connect_runs_to_page(AppState* app);

}  // namespace losslab::ui
