# Turns shaders/*.wgsl into an Emscripten JS library that defines $LosslabGpuShaders, an object of WGSL
# sources keyed by file name (fused_ce_forward_rb.wgsl → fused_ce_forward_rb), so the page needs no
# fetch for its kernels. Run as: cmake -DSHADER_DIR=… -DOUTPUT=… -P embed_shaders.cmake
file(GLOB shaders "${SHADER_DIR}/*.wgsl")
list(SORT shaders)
set(body "")
foreach(shader IN LISTS shaders)
  get_filename_component(name "${shader}" NAME_WE)
  file(READ "${shader}" source)
  # A JavaScript string literal: escape backslashes and quotes, and keep the lines as \n.
  string(REPLACE "\\" "\\\\" source "${source}")
  string(REPLACE "\"" "\\\"" source "${source}")
  string(REPLACE "\r" "" source "${source}")
  string(REPLACE "\n" "\\n" source "${source}")
  string(APPEND body "    ${name}: \"${source}\",\n")
endforeach()
set(text "// Generated from shaders/*.wgsl by src/gpu/embed_shaders.cmake: do not edit.\n")
string(APPEND text "mergeInto(LibraryManager.library, {\n  $LosslabGpuShaders: {\n${body}  },\n});\n")
# Rewritten only when it changes, so an unchanged shader set does not relink.
file(WRITE "${OUTPUT}.tmp" "${text}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
