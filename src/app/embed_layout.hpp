// Figure mode: what the page draws when it is opened with ?embed=1, typically inside another page's
// iframe (web/embed.js). The whole canvas goes to the metric plots the link chose (its `plots=`, else
// its preset's), under one thin bar: play/pause, reset, the step counter and "Open in LossLab".
#pragma once

#include "app_state.hpp"

namespace losslab::ui {

// Lays out and draws the figure. draw_app calls it instead of the full layout when app.embed is set.
void draw_embed_layout(AppState& app);

}  // namespace losslab::ui
