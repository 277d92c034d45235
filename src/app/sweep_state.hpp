// A sweep preset in the page (double descent, scaling): its grid runs one run after another in the
// frame slices, each run shown live like any other, and each finished run adds its point to the sweep's
// curve (the Sweep tab). Changing the config by hand ends the sweep; the points so far stay drawn.
#pragma once

#include "app_state.hpp"
#include "train/presets.hpp"

namespace losslab::ui {

// Starts the preset's sweep: its first grid point becomes the app's run. False (nothing changed) if the
// grid does not expand (a preset bug the tests catch).
bool start_sweep(AppState& app, const Preset& preset);
// The same grid over another base config (a link that changed a sweep preset's settings: its seed, its
// noise), which links then describe in place of the running grid point.
bool start_sweep(AppState& app, const Preset& preset, const RunConfig& base);

// What a link to the app describes: the sweep's base config while a sweep runs its grid, else the run's.
const RunConfig& linked_config(const AppState& app);

// Records the current run once it has ended and starts the next grid point. Called before each slice.
void advance_sweep(AppState& app);

// The current preset's signature as the app sees it: on the sweep's curve for a sweep preset, else on
// the run's History. Not reached when the preset has none.
Signature current_signature(const AppState& app, const Preset& preset);

}  // namespace losslab::ui
