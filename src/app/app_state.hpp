// AppState: everything the UI shows, in one place. Panels are functions that draw from it and change
// it; they own nothing. The run itself is a core Trainer; this adds what only the app has: play/pause,
// the speed limit, frame and throughput measurements, the last input errors, and view options.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "train/run_config.hpp"
#include "train/sweep.hpp"
#include "train/trainer.hpp"
#include "classroom.hpp"
#include "palette.hpp"
#include "points_editor.hpp"
#include "runs_state.hpp"
#include "views.hpp"

namespace losslab {
struct Preset;
}

namespace losslab::ui {

// Cached decision-boundary grid: class probabilities on an n×n grid over the data's extent.
struct BoundaryGrid {
  int n = 56;
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;  // the extent, fixed per run so the picture does not jump
  Mat points;                              // 2 × n²
  Mat probs;                               // K × n²
  MlpWorkspace ws;
  Mat train_xy, test_xy;                   // the points where they are drawn: x, or Pᵀx on a data plane P
  std::optional<Mlp> plane_model;          // on a data plane: the model restricted to it (2 inputs)
  Vec plane_params;
  float logit_scale = 1;                   // on a data plane: the factor the drawn logits were scaled by
  std::vector<uint32_t> image;             // n×n RGBA, top row first, when drawn as a texture
  ImTextureID texture = nullptr;
  int64_t step = -1;                       // trainer step the probabilities are for
  double computed_at = -1;                 // seconds
  int64_t run = -1;                        // AppState::run it was computed for
  ImVec4 screen{0, 0, 0, 0};               // where the plot was drawn last frame (x, y, side, side)
};

// Throughput and frame-rate meters, averaged over half-second windows.
struct Meters {
  double steps_per_s = 0;   // optimizer steps per second of wall time
  double fps = 0;           // frames per second
  double frame_ms = 0;      // mean interval between frames
  double work_ms = 0;       // mean time spent in a frame (training + drawing)
  double train_ms = 0;      // mean time spent training in a frame
  double draw_ms = 0;       // time the current frame spent laying out the UI
  // window accumulators
  double window_start = -1;
  int64_t window_steps = 0;
  int window_frames = 0;
  double window_work = 0, window_train = 0;
};

struct AppState {
  RunConfig config;                   // the run's config, as the controls show it
  std::unique_ptr<Trainer> trainer;
  // A sweep preset's grid (sweep_state.hpp): the trainer runs grid point sweep_run; null without one.
  std::unique_ptr<Sweep> sweep;
  size_t sweep_run = 0;
  bool sweep_stopped = false;         // the config was changed by hand: no more grid points are started
  RunConfig sweep_base;               // the config the grid is laid over (what a link names)
  RunsState runs;                     // the live run's name and the runs kept beside it (runs_state.hpp)
  int64_t run = 0;                    // counts the runs started, so caches can tell a new run apart
  std::string preset = "spirals";     // the preset the config started from ("" once edited by hand)
  std::string link_preset = "spirals";  // the preset links start from: the last loaded, kept through edits
  std::vector<ConfigError> link_errors;  // what the opened link could not set; shown until dismissed
  std::string link_version_note;      // the opened link is from another version: which, and what changed
  bool playing = true;
  double speed = 500;                 // steps per second; 0 = as many as the frame budget allows
  double train_budget_ms = 10;        // most training time per frame; adapted while playing
  double target_frame_ms = 30;        // frame time the budget aims for (≥ 30 fps)
  double step_credit = 0;             // fractional steps carried between frames at a set speed
  std::vector<ConfigError> errors;    // inputs rejected last, shown under the controls
  std::string notice;                 // one line about the last change ("restarted: …")
  bool log_x = false;                 // step axis of the metric plots
  bool show_test_points = false;      // boundary panel draws the test split instead of train
  View view = View::boundary;         // the middle window's tab
  bool view_requested = false;        // set `view` as the selected tab on the next frame
  MetricPlotVisibility plots_shown = default_plot_visibility();
  Classroom classroom;                // the settings a lecturer left open (classroom.hpp); off by default
  Theme theme = Theme::light;         // light or dark (app.hpp: apply_theme); in the link as theme=dark
  Recalibration recalibration = Recalibration::none;  // applied to the reliability diagram (test split)
  bool reliability_on_train = false;  // the reliability diagram shows the training split
  // The page's WebGPU device for the token model's fused head (owned by main; null on the desktop and in
  // the tests). Every new run gets it.
  FusedCeDevice* fused_device = nullptr;
  BoundaryGrid boundary;
  PointsEditor points_editor;         // the mouse on the boundary plot, with custom data
  Meters meters;
  // Set by the mains (OpenGL / WebGL2): creates or updates an RGBA texture. Without it (the headless
  // tests) the boundary is drawn as one rectangle per grid cell instead of one textured quad.
  ImTextureID (*upload_texture)(ImTextureID texture, int width, int height, const uint32_t* rgba) = nullptr;
  // Set by the web main: copies a link to this state (its query) to the clipboard, or shows it to copy.
  // Without it (the desktop, the tests) "Copy link" uses Dear ImGui's clipboard.
  void (*copy_link)(const std::string& query) = nullptr;
  // Figure mode (the page opened with ?embed=1, e.g. in another page's iframe): only the metric plots and
  // a thin bar are drawn (embed_layout.hpp).
  bool embed = false;
  // Set by the web main: opens the full page on this state's link (its query) in a new tab, from the
  // figure's "Open in LossLab". Null: that link is not shown.
  void (*open_full_page)(const std::string& query) = nullptr;
  // Set by the mains: saves an exported file (the page: a download; the desktop: the working directory)
  // and says where it went. Without it (the tests) exports say they need the page or the desktop app.
  std::string (*save_file)(const std::string& filename, const std::string& mime, const std::string& content) = nullptr;
  // Set by the web main: opens the browser's file picker; the chosen file comes back through
  // import_run_or_config. Null: the Import button says to drop the file on the window instead.
  void (*pick_import_file)() = nullptr;
  // Set by the mains: saves the rectangle (pixels, top-left origin) of the frame being drawn as PNG (the
  // page: a download; the desktop: the working directory).
  void (*save_png)(const std::string& filename, int x, int y, int width, int height) = nullptr;
  ImVec4 plots_rect{0, 0, 0, 0};      // where the metric plots were drawn last frame (x, y, width, height)
  ImVec4 png_request{0, 0, 0, 0};     // the rectangle to save once this frame is drawn (width 0: none)
  bool svg_request = false;           // write the metric plots as SVG while drawing them next frame
};

// The run's state as the user sees it: the Trainer's, or "paused" while a running run is not playing.
std::string_view status_label(const AppState& app);

// Replaces the run with a fresh Trainer for `config` (which must be valid). The run it replaces is kept
// or dropped as runs_state.hpp says, by `why`.
void start_run(AppState& app, const RunConfig& config, RunStart why = RunStart::edit);

// Applies an edited config: live fields go to the running Trainer, anything else restarts the run.
// An invalid config changes nothing; its errors are returned and kept in app.errors.
std::vector<ConfigError> change_config(AppState& app, const RunConfig& next);

// Loads a preset and restarts. Returns false for an unknown name.
bool load_preset(AppState& app, std::string_view name);

// Shows the plots, the view and the step axis that tell a preset's story (for a phenomenon), as the
// menu does; the run is left alone.
void show_preset_views(AppState& app, const Preset& preset);

// Runs training steps for this frame: at most `speed`·dt steps (all it can when speed is 0), and never
// longer than train_budget_ms. Returns the number of steps taken.
int64_t train_slice(AppState& app, double dt_seconds);

// Updates the meters after a frame that took `work_ms` (of which `train_ms` training) at time `now`.
// Returns true when a measurement window closed (every half second) and the meters changed.
bool record_frame(Meters& m, double now_seconds, int64_t steps, double work_ms, double train_ms);

// Moves the training budget towards filling each frame up to target_frame_ms (less the time the UI
// takes), and cuts it by a quarter when frames run slower than ~30 fps: as much training as the frame
// rate allows, whatever the machine and whatever the renderer costs. A speed limit caps it further.
void adapt_budget(AppState& app);

}  // namespace losslab::ui
