# Everything specific to the WebAssembly build. Included by CMakeLists.txt when the Emscripten
# toolchain is in use (the `web` preset); Debian's emcc 3.1.6 — see ../shared/TOOLCHAIN.md for quirks.

# Header-only dependencies come from Debian's packages. The Emscripten toolchain confines find_package
# to its sysroot, so point at them directly, through a directory that holds only what we need
# (adding /usr/include itself would shadow the wasm libc headers with glibc's).
set(LOSSLAB_WASM_INCLUDE "${CMAKE_BINARY_DIR}/wasm_include")
file(MAKE_DIRECTORY "${LOSSLAB_WASM_INCLUDE}")
file(CREATE_LINK /usr/include/nlohmann "${LOSSLAB_WASM_INCLUDE}/nlohmann" SYMBOLIC)
file(CREATE_LINK /usr/include/CLI "${LOSSLAB_WASM_INCLUDE}/CLI" SYMBOLIC)
# Eigen 3.4 includes <mmintrin.h> on its SSE path, which this emcc lacks; an empty header is enough,
# since Eigen uses no MMX intrinsics.
if(NOT EXISTS "${LOSSLAB_WASM_INCLUDE}/mmintrin.h")  # written once: a new date would rebuild everything
  file(WRITE "${LOSSLAB_WASM_INCLUDE}/mmintrin.h" "#pragma once\n")
endif()

add_library(Eigen3::Eigen INTERFACE IMPORTED)
target_include_directories(Eigen3::Eigen SYSTEM INTERFACE /usr/include/eigen3 "${LOSSLAB_WASM_INCLUDE}")
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE "${LOSSLAB_WASM_INCLUDE}")
add_library(CLI11::CLI11 INTERFACE IMPORTED)
target_include_directories(CLI11::CLI11 SYSTEM INTERFACE "${LOSSLAB_WASM_INCLUDE}")

# WebAssembly SIMD. Eigen 3.4 has no wasm SIMD path of its own; -msse4.1 makes it use its SSE kernels,
# which Emscripten maps onto wasm SIMD128 (~20 GFLOP/s SGEMM vs ~16 with autovectorisation alone).
# clang's reported GCC version makes Eigen emit x86 inline assembly; pretending to be GCC 4.30 avoids it.
# Eigen takes wasm32 for 32-bit x86 and assumes 8 SIMD registers, which limits its GEMM micro-kernel to a
# 4×4 tile; V8 and SpiderMonkey map wasm SIMD locals onto the 16 XMM/NEON registers of 64-bit hosts, so
# let it use the 12×4 tile of x86-64.
add_compile_options(-msimd128 -msse4.1 -U__GNUC_MINOR__ -D__GNUC_MINOR__=30
                    -DEIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS=16)

# Link options of the page (applied to the losslab_web target in src/app/CMakeLists.txt).
set(LOSSLAB_WEB_LINK_OPTIONS
  -sUSE_GLFW=3
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=64MB
  -sTOTAL_STACK=1MB
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free,_losslab_history_json,_losslab_status_json,_losslab_config_json,_losslab_set_config,_losslab_control,_losslab_loss_json,_losslab_instruments_json,_losslab_link_query,_losslab_load_link,_losslab_link_copied
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8
  -sENVIRONMENT=web
  -sNO_EXIT_RUNTIME=1
)

# The CLI built to WebAssembly for Node (build/web/losslab_node.js): the same `losslab bench train` the
# native build runs, so wasm throughput is measured without a browser. CLI11 reports errors by throwing.
# --profiling-funcs keeps function names, so `node --cpu-prof` profiles read as C++.
set(LOSSLAB_NODE_CLI_OPTIONS -fexceptions -sENVIRONMENT=node -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1
    --profiling-funcs)
