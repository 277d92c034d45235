#include "gl_renderer.hpp"

#include <cstddef>
#include <cstdio>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#define LOSSLAB_GLSL_VERSION "#version 300 es\nprecision mediump float;\n"
#else
#define GL_GLEXT_PROTOTYPES  // Mesa's libGL exports the GL 3 entry points directly
#include <GL/gl.h>
#include <GL/glext.h>
#define LOSSLAB_GLSL_VERSION "#version 130\n"
#endif

namespace losslab::ui {
namespace {

struct GlState {
  GLuint program = 0, vao = 0, vbo = 0, ebo = 0;
  GLint projection = -1, sampler = -1;
  ImTextureID font = nullptr;
};
GlState g;

constexpr const char* kVertexShader = LOSSLAB_GLSL_VERSION R"(
in vec2 position;
in vec2 uv;
in vec4 color;
uniform mat4 projection;
out vec2 frag_uv;
out vec4 frag_color;
void main() {
  frag_uv = uv;
  frag_color = color;
  gl_Position = projection * vec4(position, 0.0, 1.0);
})";

constexpr const char* kFragmentShader = LOSSLAB_GLSL_VERSION R"(
uniform sampler2D sampler;
in vec2 frag_uv;
in vec4 frag_color;
out vec4 out_color;
void main() { out_color = frag_color * texture(sampler, frag_uv); })";

GLuint compile(GLenum kind, const char* source) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);  // once, at start-up: the only state read-back
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "losslab: shader does not compile: %s\n", log);
  }
  return shader;
}

bool link_program() {
  g.program = glCreateProgram();
  const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
  glAttachShader(g.program, vs);
  glAttachShader(g.program, fs);
  glBindAttribLocation(g.program, 0, "position");
  glBindAttribLocation(g.program, 1, "uv");
  glBindAttribLocation(g.program, 2, "color");
  glLinkProgram(g.program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(g.program, GL_LINK_STATUS, &ok);
  g.projection = glGetUniformLocation(g.program, "projection");
  g.sampler = glGetUniformLocation(g.program, "sampler");
  return ok != 0;
}

void setup_vertex_layout() {
  glGenVertexArrays(1, &g.vao);
  glGenBuffers(1, &g.vbo);
  glGenBuffers(1, &g.ebo);
  glBindVertexArray(g.vao);
  glBindBuffer(GL_ARRAY_BUFFER, g.vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.ebo);
  const auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
}

// Blending, scissor, program and the orthographic projection of ImGui's display rectangle.
void setup_render_state(const ImDrawData* data, int fb_width, int fb_height) {
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_SCISSOR_TEST);
  glViewport(0, 0, fb_width, fb_height);
  const float l = data->DisplayPos.x, r = l + data->DisplaySize.x;
  const float t = data->DisplayPos.y, b = t + data->DisplaySize.y;
  const float projection[16] = {2 / (r - l), 0, 0, 0, 0, 2 / (t - b), 0, 0, 0, 0, -1, 0,
                                (r + l) / (l - r), (t + b) / (b - t), 0, 1};
  glUseProgram(g.program);
  glUniform1i(g.sampler, 0);
  glUniformMatrix4fv(g.projection, 1, GL_FALSE, projection);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(g.vao);
  glBindBuffer(GL_ARRAY_BUFFER, g.vbo);
}

}  // namespace

ImTextureID upload_gl_texture(ImTextureID texture, int width, int height, const uint32_t* rgba) {
  auto id = static_cast<GLuint>(reinterpret_cast<intptr_t>(texture));
  if (id == 0) {
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, id);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id));
}

bool gl_renderer_init() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "losslab_gl";
  if (!link_program()) return false;
  setup_vertex_layout();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  g.font = upload_gl_texture(nullptr, width, height, reinterpret_cast<const uint32_t*>(pixels));
  io.Fonts->SetTexID(g.font);
  return true;
}

void gl_renderer_render(const ImDrawData* data) {
  const int fb_width = static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x);
  const int fb_height = static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y);
  if (fb_width <= 0 || fb_height <= 0) return;
  setup_render_state(data, fb_width, fb_height);
  const ImVec2 offset = data->DisplayPos, scale = data->FramebufferScale;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->VtxBuffer.Size * sizeof(ImDrawVert)),
                 list->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->IdxBuffer.Size * sizeof(ImDrawIdx)),
                 list->IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState)
          setup_render_state(data, fb_width, fb_height);
        else
          cmd.UserCallback(list, &cmd);
        continue;
      }
      const float x0 = (cmd.ClipRect.x - offset.x) * scale.x, y0 = (cmd.ClipRect.y - offset.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - offset.x) * scale.x, y1 = (cmd.ClipRect.w - offset.y) * scale.y;
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_height) - y1),
                static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID())));
      // ImDrawIdx is 32-bit (src/app/CMakeLists.txt), so ImGui never splits a list with vertex offsets.
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(static_cast<size_t>(cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
  }
}

void gl_renderer_shutdown() {
  const auto font = static_cast<GLuint>(reinterpret_cast<intptr_t>(g.font));
  glDeleteTextures(1, &font);
  glDeleteBuffers(1, &g.vbo);
  glDeleteBuffers(1, &g.ebo);
  glDeleteVertexArrays(1, &g.vao);
  glDeleteProgram(g.program);
  g = {};
}

}  // namespace losslab::ui
