// The C API of web/library_losslab_gpu.js, the JavaScript half of the WebGPU backend. Every call returns
// at once: the adapter, the device and each job's results arrive through promises on the JS side, and
// C++ looks at them on a later frame (losslab_gpu_state, losslab_gpu_poll).
#pragma once

#include <cstdint>
#include <string>

extern "C" {

// Requests the adapter and the device (once per page; later calls do nothing).
void losslab_gpu_start();
// 0 starting, 1 ready, 2 unavailable (losslab_gpu_failure says why).
int losslab_gpu_state();
// Copy a sentence into out (NUL-terminated, cut to capacity); return its full length in bytes.
int losslab_gpu_failure(char* out, int capacity);
int losslab_gpu_describe(char* out, int capacity);
// The device's limits: 0 maxStorageBufferBindingSize, 1 maxBufferSize, 2 maxComputeWorkgroupsPerDimension;
// 0 while the device is not ready.
double losslab_gpu_limit(int which);
// 1 when the adapter is a CPU implementation (SwiftShader, a fallback adapter), 0 otherwise or unknown.
int losslab_gpu_software();
// The kernel variant the adapter calls for: 1 register-blocked (CPU adapters), 2 tiled.
int losslab_gpu_preferred_variant();
// Starts one problem: inputs are read from the heap before it returns (d4 vec4 per row of h and w,
// zero-padded). bias may be null. Returns 1 if submitted (it may still fail: poll), 0 if the device is
// not ready or a job is in flight.
int losslab_gpu_submit(const float* h, const float* w, const float* bias, const int32_t* labels, int n, int d4,
                       int v, int splits, int split_len, int d4_chunk, int ignore_label, float log_n_used,
                       float threshold, int gradients, int variant);
// 0 pending, 1 ready, 2 failed.
int losslab_gpu_poll();
// Copies a ready job's results into the heap (a null pointer skips that output): rows N×4 floats
// (max, sum, label logit, log sum + log n_used), dh N×d4 vec4, dw V×d4 vec4, db V floats. 1 on success.
int losslab_gpu_fetch(float* rows, float* dh, float* dw, float* db);
// Wall-clock seconds of the last fetched job, from submit to its results mapped.
double losslab_gpu_seconds();
double losslab_gpu_bytes_held();
// Frees the buffers (not the device).
void losslab_gpu_release();
// Destroys the device, as a driver reset would: for the fault tests.
void losslab_gpu_debug_lose_device();

}  // extern "C"

namespace losslab {

// A sentence from one of the text getters above.
inline std::string gpu_text(int (*getter)(char*, int)) {
  std::string text(256, '\0');
  const int length = getter(text.data(), static_cast<int>(text.size()));
  if (length >= static_cast<int>(text.size())) {
    text.assign(static_cast<size_t>(length) + 1, '\0');
    getter(text.data(), static_cast<int>(text.size()));
  }
  text.resize(static_cast<size_t>(length));
  return text;
}

}  // namespace losslab
