#include "web_api.hpp"

#include <emscripten.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "train/loss_json.hpp"
#include "train/presets.hpp"
#include "util/join.hpp"
#include "sweep_state.hpp"
#include "link_state.hpp"
#include "gpu_bridge.hpp"

namespace losslab::ui {
namespace {

AppState* g_app = nullptr;
std::string g_reply;  // the last reply; JavaScript copies it before the next call

const char* reply(std::string text) {
  g_reply = std::move(text);
  return g_reply.c_str();
}

template <class Table>
std::string names_of(const Table& table) {
  std::string out;
  for (const auto& row : table) out += (out.empty() ? "" : ", ") + std::string(row.name);
  return out;
}

const char* set_view(AppState& app, std::string_view name) {
  const auto view = view_from_name(name);
  if (!view) return reply("view: '" + std::string(name) + "' is not one of " + names_of(kViews));
  app.view = *view;
  app.view_requested = true;
  return reply("");
}

const char* show_plot(AppState& app, std::string_view name, bool shown) {
  const auto plot = metric_plot_from_name(name);
  if (!plot) return reply("plot: '" + std::string(name) + "' is not one of " + names_of(kMetricPlots));
  app.plots_shown[static_cast<size_t>(*plot)] = shown;
  return reply("");
}

const char* set_recalibration(AppState& app, std::string_view name) {
  for (Recalibration r : kRecalibrations)
    if (recalibration_name(r) == name) {
      app.recalibration = r;
      return reply("");
    }
  return reply("recalibration: '" + std::string(name) + "' is not one of none, temperature, histogram, isotonic");
}

// "Copy link" in the page: JavaScript copies it (losslab_api.js: copyLink), or shows it to copy by hand
// where the clipboard is refused, and reports back through losslab_link_copied.
void copy_link_in_page(const std::string& query) {
  EM_ASM({ if (window.losslab) window.losslab.copyLink(UTF8ToString($0)); }, query.c_str());
}

}  // namespace

nlohmann::json errors_json(const std::vector<ConfigError>& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const ConfigError& e : errors) out.push_back({{"field", e.field}, {"message", e.message}});
  return out;
}


void publish_to_web(AppState* app) {
  g_app = app;
  app->copy_link = &copy_link_in_page;
}

}  // namespace losslab::ui

using losslab::ui::g_app;
using losslab::ui::reply;
using losslab::ui::set_recalibration;
using losslab::ui::set_view;
using losslab::ui::show_plot;

extern "C" {

// {"config": …, "history": {"series": …, "events": …}, "steps_done": n}
EMSCRIPTEN_KEEPALIVE const char* losslab_history_json() {
  const auto& t = *g_app->trainer;
  return reply(nlohmann::json{{"config", losslab::to_json(t.config())},
                              {"steps_done", t.steps_done()},
                              {"history", t.history().to_json()}}
                   .dump());
}

EMSCRIPTEN_KEEPALIVE const char* losslab_status_json() {
  const auto& app = *g_app;
  const auto& t = *app.trainer;
  const auto& m = app.meters;
  const auto& g = app.boundary;
  // The token model's head: what computes it, where, and what it holds (null fields for other runs).
  nlohmann::json head = nullptr;
  if (t.token_model())
    head = {{"backend", std::string(t.fused_head().backend_in_use())},
            {"asked", std::string(losslab::fused_backend_choice_name(t.config().fused_backend))},
            {"adapter", t.fused_head().device_description()},
            {"waiting", t.waiting()},
            {"seconds", t.fused_head().seconds()},
            {"bytes_held", t.fused_head().bytes_held()},
            {"naive_bytes", 2 * losslab::naive_logit_bytes(t.config().batch_size, t.config().vocab)},
            {"loss_floor", t.loss_floor()}};
  // The phenomenon's signature, when the run is one and has one: whether the History shows it yet.
  nlohmann::json signature = nullptr;
  if (const losslab::Preset* p = losslab::find_preset(app.preset); p && p->signature) {
    const losslab::Signature seen = losslab::ui::current_signature(app, *p);
    signature = {{"reached", seen.reached}, {"step", seen.step}, {"text", seen.text}};
  }
  // A sweep preset's progress and its curve so far (x against the mean final values).
  nlohmann::json sweep = nullptr;
  if (app.sweep)
    sweep = {{"runs", app.sweep->size()},
             {"finished", app.sweep->finished()},
             {"current", app.sweep->run(app.sweep_run).label()},
             {"stopped", app.sweep_stopped},
             {"x", std::string(app.sweep->x_name())},
             {"curve", app.sweep->curve().to_json()}};
  return reply(nlohmann::json{{"step", t.steps_done()},
                              {"fused_head", head},
                              {"signature", signature},
                              {"sweep", sweep},
                              {"steps_total", t.config().steps},
                              {"state", losslab::ui::status_label(app)},
                              {"message", t.message()},
                              {"preset", app.preset},
                              {"link_errors", losslab::ui::errors_json(app.link_errors)},
                              {"link_version_note", app.link_version_note},
                              {"classroom", {{"on", app.classroom.on},
                                             {"open", app.classroom.open},
                                             {"others", app.classroom.lock_others ? "lock" : "hide"}}},
                              {"store_error", app.runs.store_error},
                              {"theme", app.theme == losslab::ui::Theme::dark ? "dark" : "light"},  // why runs are not being saved ("": they are)
                              {"speed", app.speed},
                              {"steps_per_s", m.steps_per_s},
                              {"fps", m.fps},
                              {"frame_ms", m.frame_ms},
                              {"work_ms", m.work_ms},
                              {"train_ms", m.train_ms},
                              {"train_budget_ms", app.train_budget_ms},
                              {"test_acc", t.history().last("test_acc")},
                              {"loss", t.config().loss},
                              {"teacher_steps_done", t.teacher_steps_done()},
                              {"label_noise_rate", t.label_noise().realised_rate},
                              {"best_step", t.best_step()},
                              {"test_ece", t.history().last("test_ece")},
                              {"metrics_every", t.metrics_every()},
                              {"view", std::string(losslab::ui::kViews[static_cast<size_t>(app.view)].name)},
                              // Where the boundary plot was drawn (CSS pixels: x, y, side, side) and the data
                              // extent it shows (x0, x1, y0, y1): for clicking custom points from a test.
                              {"boundary", {{"rect", {g.screen.x, g.screen.y, g.screen.z, g.screen.w}},
                                            {"extent", {g.x0, g.x1, g.y0, g.y1}}}}}
                   .dump());
}

// The latest measurement of the instruments (train/instruments.hpp: instruments_to_json).
EMSCRIPTEN_KEEPALIVE const char* losslab_instruments_json() {
  return reply(losslab::instruments_to_json(g_app->trainer->instruments()).dump());
}

EMSCRIPTEN_KEEPALIVE const char* losslab_config_json() { return reply(losslab::to_json(g_app->config).dump()); }

// Applies a JSON object of config fields (and optionally "preset"). Replies with a JSON array of
// {field, message}: empty when all applied. Fields without problems still apply, unless the result
// would be invalid as a whole (a batch larger than the training set), in which case nothing changes.
EMSCRIPTEN_KEEPALIVE const char* losslab_set_config(const char* text) {
  if (!text) return reply(R"([{"field":"","message":"no config given"}])");
  auto& app = *g_app;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return reply(R"([{"field":"","message":"not valid JSON"}])");
  losslab::RunConfig next = app.config;
  auto errors = losslab::apply_json(next, json);
  if (losslab::validate(next).empty()) {
    losslab::ui::change_config(app, next);
    if (json.is_object() && json.contains("preset") && errors.empty()) {
      app.preset = json["preset"].get<std::string>();
      app.link_preset = app.preset;
    }
  }
  app.errors = errors;
  return reply(losslab::ui::errors_json(errors).dump());
}

// The query of a link to what the page shows (link_state.hpp); the page keeps its hash in step with it.
EMSCRIPTEN_KEEPALIVE const char* losslab_link_query() { return reply(losslab::ui::link_query(*g_app)); }

// Opens a link's query (the page's hash). Replies with the refused fields, [{field, message}], which
// the control panel also shows until dismissed; the rest of the link has loaded.
EMSCRIPTEN_KEEPALIVE const char* losslab_load_link(const char* query) {
  const auto errors = losslab::ui::load_link(*g_app, query ? query : "");
  return reply(losslab::ui::errors_json(errors).dump());
}

// What became of "Copy link": on the clipboard (1), or shown to copy by hand (0).
EMSCRIPTEN_KEEPALIVE void losslab_link_copied(int on_clipboard) {
  g_app->notice = on_clipboard ? "Link copied to the clipboard."
                               : "The clipboard refused the link: it is shown at the top of the page to copy.";
}

// Evaluates a registered loss on a batch, as `losslab loss` does (format in train/loss_json.hpp).
// Request: {"name": "gce", "params": {"q": 0.5}, "input": {"logits": [[…]], "labels": […]}}.
// Reply: {"loss": […], "grad": [[…]]} or {"errors": ["…"]}.
EMSCRIPTEN_KEEPALIVE const char* losslab_loss_json(const char* text) {
  const auto request = nlohmann::json::parse(text ? text : "", nullptr, false);
  if (!request.is_object() || !request.contains("name") || !request["name"].is_string())
    return reply(R"({"errors":["expected {\"name\": loss, \"params\": {…}, \"input\": {…}}"]})");
  std::vector<std::pair<std::string, std::string>> params;
  if (const auto it = request.find("params"); it != request.end() && it->is_object())
    for (const auto& [key, value] : it->items())
      params.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  const auto input = request.contains("input") ? request["input"] : nlohmann::json();
  const losslab::LossJsonResult r = losslab::evaluate_loss_json(request["name"].get<std::string>(), params, input);
  return reply(r.errors.empty() ? r.output.dump() : nlohmann::json{{"errors", r.errors}}.dump());
}

// "play", "pause", "step", "reset", "speed=N" (steps/s, 0 = max), "budget=MS" (the training time per
// frame to start from; it then adapts to keep ~30 fps), "view=NAME" (the middle window's tab),
// "show=PLOT" / "hide=PLOT" (a metrics plot), "recalibration=NAME" (applied to the reliability
// diagram), "preset=NAME" (a preset with its plots and view), "lose-gpu" (destroys the WebGPU device, as
// a lost GPU would: the fault the tests inject), "copy-link" (what the Copy link button does), "keep"
// (pins the live run: kept and drawn whatever replaces it), "theme=light|dark", "duplicate=KEY=VALUE" (the live run copied
// with one setting changed, the original kept beside it; runs_state.hpp). Replies ""
// or an error.
EMSCRIPTEN_KEEPALIVE const char* losslab_control(const char* command) {
  if (!command) return reply("no command given");
  auto& app = *g_app;
  const std::string_view c(command);
  // A number after '=' within [lo, hi], else an error naming the command and the range.
  auto number = [&](std::string_view name, double lo, double hi, double& out) -> const char* {
    char* end = nullptr;
    const double v = std::strtod(command + name.size() + 1, &end);
    if (end == command + name.size() + 1 || *end != '\0' || !(v >= lo && v <= hi))
      return reply(std::string(name) + ": '" + std::string(c.substr(name.size() + 1)) + "' is not a number in [" +
                   std::to_string(static_cast<int>(lo)) + ", " + std::to_string(static_cast<int>(hi)) + "]");
    out = v;
    return reply("");
  };
  if (c == "play") app.playing = true;
  else if (c == "pause") app.playing = false;
  else if (c == "step") app.trainer->step();
  else if (c == "reset") losslab::ui::start_run(app, app.config, losslab::ui::RunStart::reset);
  else if (c.starts_with("speed=")) return number("speed", 0, 1e7, app.speed);
  else if (c.starts_with("budget=")) return number("budget", 1, 100, app.train_budget_ms);
  else if (c.starts_with("view=")) return set_view(app, c.substr(5));
  else if (c == "lose-gpu") losslab_gpu_debug_lose_device();  // fault injection, for the tests: the device is lost
  else if (c == "copy-link") losslab::ui::copy_link(app);
  else if (c == "keep") losslab::ui::keep_live_run(app);
  else if (c == "theme=dark" || c == "theme=light") app.theme = c == "theme=dark" ? losslab::ui::Theme::dark : losslab::ui::Theme::light;
  else if (c.starts_with("theme=")) return reply("theme: '" + std::string(c.substr(6)) + "' is not one of light, dark");
  else if (c.starts_with("duplicate=")) {  // duplicate=KEY=VALUE: the live run copied with one change
    const std::string_view change = c.substr(10);
    const size_t eq = change.find('=');
    if (eq == std::string_view::npos) return reply("duplicate: expected duplicate=KEY=VALUE, e.g. duplicate=loss=gce");
    if (auto e = losslab::ui::duplicate_with_change(app, nullptr, change.substr(0, eq), change.substr(eq + 1)))
      return reply(e->message);
  }
  else if (c.starts_with("preset=")) {  // a preset with its plots and view, as the menu loads it
    const std::string name(c.substr(7));
    if (!losslab::ui::load_preset(app, name)) {
      const losslab::Preset* p = losslab::find_preset(name);
      app.notice = p ? "'" + name + "' is too heavy for the page; run it with: losslab run --preset " + name
                     : "'" + name + "' is not a preset; known: " + losslab::join(losslab::preset_names());
      return reply(app.notice);
    }
  }
  else if (c.starts_with("show=") || c.starts_with("hide=")) return show_plot(app, c.substr(5), c[0] == 's');
  else if (c.starts_with("recalibration=")) return set_recalibration(app, c.substr(14));
  else
    return reply("unknown command '" + std::string(c) +
                 "'; known: play, pause, step, reset, speed=N, budget=MS, view=NAME, preset=NAME, show=PLOT, hide=PLOT, "
                 "recalibration=NAME, copy-link, keep, duplicate=KEY=VALUE, theme=light|dark");
  return reply("");
}

}  // extern "C"
