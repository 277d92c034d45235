// The only place where the browser and the desktop differ in how the app runs: a plain loop on the
// desktop; on the web, the browser calls our frame from requestAnimationFrame and the canvas follows
// the size of the page.
#pragma once

#include <GLFW/glfw3.h>

#include <functional>
#include <utility>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#endif

namespace losslab::ui {

inline void run_main_loop(GLFWwindow* window, std::function<void()> frame) {
#ifdef __EMSCRIPTEN__
  static std::function<void()> browser_frame;
  static GLFWwindow* browser_window = nullptr;
  browser_frame = std::move(frame);
  browser_window = window;
  emscripten_set_main_loop(
      [] {
        double w = 0, h = 0;  // keep the canvas (and so the ImGui display) the size the page gives it
        emscripten_get_element_css_size("#canvas", &w, &h);
        int cw = 0, ch = 0;
        glfwGetWindowSize(browser_window, &cw, &ch);
        if (static_cast<int>(w) != cw || static_cast<int>(h) != ch)
          glfwSetWindowSize(browser_window, static_cast<int>(w), static_cast<int>(h));
        browser_frame();
      },
      0, true);
#else
  while (!glfwWindowShouldClose(window)) frame();
#endif
}

}  // namespace losslab::ui
