// Controls for the RunConfig, built from the field table (train/run_config.hpp): a combo for a choice,
// a slider for a real (logarithmic where the field says so), an input for an integer or a list.
// Nothing here names a particular field: a field added to the table appears in the UI by itself.
#pragma once

#include <string_view>

#include "app_state.hpp"

namespace losslab::ui {

// Draws the controls of every field in `group` that matters for the current config (a loss's own
// parameters included). Live fields apply as they change; the others apply
// when the edit is done (and restart the run).
// Fields hidden by classroom mode are not drawn; locked ones are drawn greyed out.
void draw_config_group(AppState& app, std::string_view group);

// Whether draw_config_group would draw anything (classroom mode may leave a group empty: no header then).
bool group_has_controls(const AppState& app, std::string_view group);

}  // namespace losslab::ui
