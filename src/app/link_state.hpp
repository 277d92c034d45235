// The app's state as a link: the run's config (a preset and what differs from it, as
// train/config_url.hpp writes it), the visible plots (`plots=loss,accuracy`) and classroom mode
// (`classroom=lr,loss`, classroom.hpp). The page keeps its
// address's hash in step with it, "Copy link" copies it, and opening a link loads it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app_state.hpp"

namespace losslab::ui {

// The query of a link to what the app shows: the config from app.link_preset, then `plots=` when the
// visible plots differ from the ones that preset brings.
std::string link_query(const AppState& app);

// Opens a link's query: the config (each refused field named, the rest applied), the preset's plots and
// view, and the link's own `plots`. The run restarts only when its config changed. The errors are kept in
// app.link_errors, which the control panel shows until dismissed.
std::vector<ConfigError> load_link(AppState& app, std::string_view query);

// "Copy link": hands the link to app.copy_link (the page: the clipboard, or a box to copy from), else to
// Dear ImGui's clipboard (the desktop: the query, as `#…` to append to the page's address).
void copy_link(AppState& app);

}  // namespace losslab::ui
