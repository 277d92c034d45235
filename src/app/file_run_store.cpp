#include "file_run_store.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace losslab::ui {
namespace {

// The hooks are plain function pointers (the page's are EM_ASM calls): the directory and the app they
// report to live here. One app per process.
std::filesystem::path g_dir;
AppState* g_app = nullptr;

// Ids are made by runs_state.cpp ("run-<microseconds>-<n>"), but a stored record's id comes from a file:
// only names that cannot leave the directory are used.
bool safe_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

void put(const std::string& id, const std::string& json) {
  if (!safe_id(id)) return;
  std::error_code ec;
  std::filesystem::create_directories(g_dir, ec);
  const std::filesystem::path file = g_dir / (id + ".json"), temp = g_dir / (id + ".json.tmp");
  {
    std::ofstream out(temp, std::ios::binary);
    out << json;
    if (!out.flush()) {
      g_app->runs.store_error = "cannot write " + temp.string();
      return;
    }
  }
  std::filesystem::rename(temp, file, ec);
  g_app->runs.store_error = ec ? "cannot write " + file.string() + ": " + ec.message() : "";
}

void remove(const std::string& id) {
  if (!safe_id(id)) return;
  std::error_code ec;
  std::filesystem::remove(g_dir / (id + ".json"), ec);
}

}  // namespace

std::filesystem::path default_runs_directory() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "losslab" / "runs";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "share" / "losslab" / "runs";
  return {};
}

int connect_runs_to_directory(AppState& app, const std::filesystem::path& dir) {
  g_dir = dir;
  g_app = &app;
  app.runs.store = {&put, &remove};
  int restored = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    restored += restore_stored_run(app, text.str()) ? 1 : 0;
  }
  return restored;
}

}  // namespace losslab::ui
