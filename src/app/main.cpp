// LossLab's main, for the desktop (GLFW + OpenGL 3) and the browser (Emscripten's GLFW + WebGL2):
// create the window, Dear ImGui and its renderer, load the first preset, and run the frame loop. It only wires;
// the UI is in app.cpp and the panels, the run in the core's Trainer.
//
//   losslab_desktop [PRESET]      e.g. losslab_desktop moons
#include <GLFW/glfw3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"
#include "file_run_store.hpp"
#include "gl_renderer.hpp"
#include "imgui_impl_glfw.h"
#include "main_loop.hpp"
#ifndef __EMSCRIPTEN__
#include "png_encoder.hpp"
#endif
#include "train/presets.hpp"
#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include "link_state.hpp"
#include "web_api.hpp"
#include "webgpu_fused_ce.hpp"
#endif

#ifdef __EMSCRIPTEN__
// Figure mode: the page was opened with ?embed=1 (web/embed_bridge.js reads the address).
EM_JS(int, losslab_page_is_figure, (), {
  if (window.losslabEmbed) return window.losslabEmbed.active ? 1 : 0;
  return /[?&]embed=(1|true)(&|$)/.test(location.search) ? 1 : 0;
});
#endif

namespace {

#ifdef __EMSCRIPTEN__
// The figure's "Open in LossLab": the full page on this link, in a new tab (embed_bridge.js).
void open_full_page(const std::string& query) {
  EM_ASM({ if (window.losslabEmbed) window.losslabEmbed.openFullPage(UTF8ToString($0)); }, query.c_str());
}
#endif

struct App {
  GLFWwindow* window = nullptr;
  losslab::ui::AppState state;
};

GLFWwindow* open_window() {
#ifdef __EMSCRIPTEN__
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);  // WebGL2
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#endif
  // ImGui needs neither depth nor stencil; on software WebGL each would cost per pixel and frame.
  // (Alpha stays: a canvas without it composites black behind the UI in headless Chromium.)
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "LossLab", nullptr, nullptr);
  if (!window) return nullptr;
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  return window;
}

// "Plots as PNG": the rectangle of the frame just drawn, before it is swapped away, in framebuffer pixels.
void save_requested_png(losslab::ui::AppState& state) {
  ImVec4 r = state.png_request;
  state.png_request = ImVec4(0, 0, 0, 0);
  if (r.z <= 0 || r.w <= 0 || !state.save_png) return;
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  state.save_png("losslab-plots-" + state.runs.live_name + ".png", static_cast<int>(r.x * scale.x),
                 static_cast<int>(r.y * scale.y), static_cast<int>(r.z * scale.x), static_cast<int>(r.w * scale.y));
}

#ifndef __EMSCRIPTEN__
// The desktop's exports go to the working directory.
std::string save_to_working_directory(const std::string& filename, const std::string&, const std::string& content) {
  std::ofstream out(filename, std::ios::binary);
  out << content;
  return out ? "saved " + (std::filesystem::current_path() / filename).string()
             : "could not write " + filename + " in " + std::filesystem::current_path().string();
}

losslab::ui::AppState* g_desktop_state = nullptr;

// "Plots as PNG" on the desktop: the rectangle read back from the frame just drawn (bottom row first)
// and written to the working directory; the Runs tab says where.
void save_png_to_working_directory(const std::string& filename, int x, int y, int width, int height) {
  int fb_width = 0, fb_height = 0;
  glfwGetFramebufferSize(glfwGetCurrentContext(), &fb_width, &fb_height);
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, fb_height - y - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  const std::string png = losslab::ui::encode_png(width, height, pixels.data(), /*bottom_up=*/true);
  g_desktop_state->runs.import_errors.clear();
  g_desktop_state->runs.import_notice =
      png.empty() ? "could not encode the PNG" : save_to_working_directory(filename, "image/png", png);
}

// A run or config JSON, or a CSV of points, dropped on the window is imported, as the page's Import does.
void import_dropped_files(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count && g_desktop_state; ++i) {
    std::ifstream in(paths[i], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto& app = *g_desktop_state;
    app.view_requested = false;
    const auto errors = losslab::ui::import_run_or_config(app, text.str());
    // The Runs tab shows what happened, unless the import chose a view (a CSV's points: the boundary).
    if (!errors.empty() || !app.view_requested) app.view = losslab::ui::View::runs;
    app.view_requested = true;
  }
}
#endif

void frame(App& app) {
  glfwPollEvents();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  const double now = glfwGetTime();
  losslab::ui::draw_app(app.state, now);
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(app.window, &w, &h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = losslab::ui::background_color(app.state.theme);  // windows are not filled (app.cpp)
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glDisable(GL_SCISSOR_TEST);  // the renderer leaves its last clip rectangle on: clear all of the frame
  glClear(GL_COLOR_BUFFER_BIT);
  losslab::ui::gl_renderer_render(ImGui::GetDrawData());
  save_requested_png(app.state);
  glfwSwapBuffers(app.window);
  glFlush();  // hand the frame to the GPU (process) now, so it renders while we train
  losslab::ui::train_after_frame(app.state, now);
}

}  // namespace

int main(int argc, char** argv) {
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) return 1;
  // Heap-allocated and never freed on the web: the browser's main loop outlives main().
  auto* app = new App;
  app->window = open_window();
  if (!app->window) {
    std::fprintf(stderr, "losslab: cannot open an OpenGL 3 window\n");
    return 1;
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, not saved
  losslab::ui::init_ui();
  ImGui_ImplGlfw_InitForOpenGL(app->window, true);
  if (!losslab::ui::gl_renderer_init()) {
    std::fprintf(stderr, "losslab: cannot set up OpenGL rendering\n");
    return 1;
  }
#ifdef __EMSCRIPTEN__
  losslab::ui::publish_to_web(&app->state);
  losslab::ui::connect_runs_to_page(&app->state);
  app->state.embed = losslab_page_is_figure() != 0;
  app->state.open_full_page = &open_full_page;
  // The token model's fused head on WebGPU: the adapter is requested now and answers on a later frame;
  // without one (no navigator.gpu, no adapter) the head runs on the CPU and the run says so.
  app->state.fused_device = new losslab::WebGpuFusedCe();
#endif
  app->state.upload_texture = &losslab::ui::upload_gl_texture;
#ifndef __EMSCRIPTEN__
  app->state.save_file = &save_to_working_directory;
  // Kept runs last across sessions, as the page's do in IndexedDB.
  if (const auto dir = losslab::ui::default_runs_directory(); !dir.empty()) losslab::ui::connect_runs_to_directory(app->state, dir);
  app->state.save_png = &save_png_to_working_directory;
  g_desktop_state = &app->state;
  glfwSetDropCallback(app->window, &import_dropped_files);
#endif
  const char* preset = argc > 1 ? argv[1] : "spirals";
  if (!losslab::ui::load_preset(app->state, preset)) {
    std::fprintf(stderr, "losslab: '%s' is not a preset\n", preset);
    return 1;
  }
#ifdef __EMSCRIPTEN__
  // The page starts on its link's run before the first frame: the default run, untrained, is dropped,
  // not kept as a run of its own. The page reads the link again (losslab_api.js) to show what it refused.
  if (const char* link = emscripten_run_script_string("location.hash.slice(1)"); link && *link)
    losslab::ui::load_link(app->state, link);
#endif
  losslab::ui::run_main_loop(app->window, [app] { frame(*app); });
#ifndef __EMSCRIPTEN__
  losslab::ui::checkpoint_live_run(app->state, 0, /*force=*/true);  // the window closed: keep its last steps
  losslab::ui::gl_renderer_shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(app->window);
  glfwTerminate();
  delete app;
#endif
  return 0;
}
