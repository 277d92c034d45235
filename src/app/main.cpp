// LossLab's main, for the desktop (GLFW + OpenGL 3) and the browser (Emscripten's GLFW + WebGL2):
// create the window, Dear ImGui and its renderer, load the first preset, and run the frame loop. It only wires;
// the UI is in app.cpp and the panels, the run in the core's Trainer.
//
//   losslab_desktop [PRESET]      e.g. losslab_desktop moons
#include <GLFW/glfw3.h>

#include <cstdio>

#include "app.hpp"
#include "gl_renderer.hpp"
#include "imgui_impl_glfw.h"
#include "main_loop.hpp"
#include "train/presets.hpp"
#ifdef __EMSCRIPTEN__
#include "web_api.hpp"
#include "webgpu_fused_ce.hpp"
#endif

namespace {

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
  glClearColor(0.94f, 0.94f, 0.94f, 1.0f);  // = the style's window background, which is not drawn
  glClear(GL_COLOR_BUFFER_BIT);
  losslab::ui::gl_renderer_render(ImGui::GetDrawData());
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
  // The token model's fused head on WebGPU: the adapter is requested now and answers on a later frame;
  // without one (no navigator.gpu, no adapter) the head runs on the CPU and the run says so.
  app->state.fused_device = new losslab::WebGpuFusedCe();
#endif
  app->state.upload_texture = &losslab::ui::upload_gl_texture;
  const char* preset = argc > 1 ? argv[1] : "spirals";
  if (!losslab::ui::load_preset(app->state, preset)) {
    std::fprintf(stderr, "losslab: '%s' is not a preset\n", preset);
    return 1;
  }
  losslab::ui::run_main_loop(app->window, [app] { frame(*app); });
#ifndef __EMSCRIPTEN__
  losslab::ui::gl_renderer_shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(app->window);
  glfwTerminate();
  delete app;
#endif
  return 0;
}
