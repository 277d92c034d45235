// The page's side of the kept runs (runs_state.hpp): storage in IndexedDB, downloads, the file picker
// and PNG capture go to web/run_store.js (window.losslabRuns); the functions below are what it calls
// back. Exported for window.losslab: runs(), importRun().
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "palette.hpp"
#include "web_api.hpp"

namespace losslab::ui {
namespace {

AppState* g_runs_app = nullptr;
std::string g_runs_reply;

const char* runs_reply(std::string text) {
  g_runs_reply = std::move(text);
  return g_runs_reply.c_str();
}

void put(const std::string& id, const std::string& json) {
  EM_ASM({ window.losslabRuns.put(UTF8ToString($0), UTF8ToString($1)); }, id.c_str(), json.c_str());
}

void remove(const std::string& id) {
  EM_ASM({ window.losslabRuns.remove(UTF8ToString($0)); }, id.c_str());
}

std::string save_file(const std::string& filename, const std::string& mime, const std::string& content) {
  EM_ASM({ window.losslabRuns.saveFile(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); }, filename.c_str(),
         mime.c_str(), content.c_str());
  return "downloading " + filename;
}

void pick_import_file() {
  EM_ASM({ window.losslabRuns.pickFile(); });
}

void save_png(const std::string& filename, int x, int y, int width, int height) {
  EM_ASM({ window.losslabRuns.savePng(UTF8ToString($0), $1, $2, $3, $4); }, filename.c_str(), x, y, width, height);
}

nlohmann::json run_json(const RunRecord& r, int colour, bool live, bool with_history) {
  const ImU32 c = run_color(colour);
  char hex[8];
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
  nlohmann::json out = {{"id", r.id},       {"name", r.name},     {"preset", r.preset}, {"steps", r.steps},
                        {"pinned", r.pinned}, {"shown", r.shown}, {"live", live},       {"color", hex}};
  if (with_history) {
    out["history"] = r.history.to_json();
    out["config"] = to_json(r.config);
  }
  return out;
}

}  // namespace

void connect_runs_to_page(AppState* app) {
  g_runs_app = app;
  app->runs.store = {&put, &remove};
  app->save_file = &save_file;
  app->pick_import_file = &pick_import_file;
  app->save_png = &save_png;
}

}  // namespace losslab::ui

using losslab::ui::g_runs_app;
using losslab::ui::runs_reply;

extern "C" {

// The live run first, then the kept runs oldest first: [{id, name, preset, steps, pinned, shown, live,
// color}], with "history" and "config" when `with_history` is "1".
EMSCRIPTEN_KEEPALIVE const char* losslab_runs_json(const char* with_history) {
  const auto& app = *g_runs_app;
  const bool history = with_history && std::string_view(with_history) == "1";
  nlohmann::json out = nlohmann::json::array();
  out.push_back(losslab::ui::run_json(losslab::ui::live_record(app), app.runs.live_colour, true, history));
  for (const auto& k : app.runs.kept) out.push_back(losslab::ui::run_json(k.record, k.colour, false, history));
  return runs_reply(out.dump());
}

// A run or config JSON, or a CSV of points, as the Import button reads it. Replies with the refused fields, [{field, message}].
EMSCRIPTEN_KEEPALIVE const char* losslab_import(const char* text) {
  auto& app = *g_runs_app;
  app.view_requested = false;
  const auto errors = losslab::ui::import_run_or_config(app, text ? text : "");
  // Where the result (or the refusal) is shown: the Runs tab, unless the import chose a view (a CSV's
  // points go to the boundary plot).
  if (!errors.empty() || !app.view_requested) app.view = losslab::ui::View::runs;
  app.view_requested = true;
  return runs_reply(losslab::ui::errors_json(errors).dump());
}

// A record read back from IndexedDB at start. Replies "1" when it was added.
EMSCRIPTEN_KEEPALIVE const char* losslab_restore_run(const char* json) {
  return runs_reply(losslab::ui::restore_stored_run(*g_runs_app, json ? json : "") ? "1" : "0");
}

// The store's last outcome: "" when writing works, else what failed (shown in the Runs tab).
EMSCRIPTEN_KEEPALIVE const char* losslab_store_status(const char* error) {
  if (!g_runs_app) return runs_reply("");
  g_runs_app->runs.store_error = error ? error : "";
  return runs_reply("");
}

// The page is being left: the live run is written now.
EMSCRIPTEN_KEEPALIVE void losslab_checkpoint() { losslab::ui::checkpoint_live_run(*g_runs_app, 0, true); }

}  // extern "C"
