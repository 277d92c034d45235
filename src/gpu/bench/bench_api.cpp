// The entry points of losslab_gpu_bench (build/web/losslab_gpu_bench.js), driven by web/bench.js: one
// random problem at a time, run on the wasm blockwise backend (synchronously) and on WebGPU (submit,
// then poll from later frames), with results kept in a few slots to compare.
#include <emscripten.h>

#include <array>
#include <memory>
#include <string>

#include "bench_problem.hpp"
#include "gpu_bridge.hpp"
#include "webgpu_fused_ce.hpp"

using namespace losslab;

namespace {

struct Bench {
  std::unique_ptr<WebGpuFusedCe> gpu;
  bench::BenchProblem problem;
  std::array<FusedCeResult, 4> slots;
  std::string text;  // the last string handed to JavaScript
};

Bench& bench_state() {
  static Bench bench;
  return bench;
}

const char* hand_out(std::string text) {
  bench_state().text = std::move(text);
  return bench_state().text.c_str();
}

FusedCeResult* slot(int index) {
  auto& slots = bench_state().slots;
  return index >= 0 && index < static_cast<int>(slots.size()) ? &slots[static_cast<size_t>(index)] : nullptr;
}

GpuKernelVariant variant_of(int variant) {
  return variant == 1 ? GpuKernelVariant::register_blocked
                      : variant == 2 ? GpuKernelVariant::tiled : GpuKernelVariant::automatic;
}

}  // namespace

extern "C" {

// Starts the WebGPU device (once).
void bench_start() {
  if (!bench_state().gpu) bench_state().gpu = std::make_unique<WebGpuFusedCe>();
}

// 0 starting, 1 ready, 2 unavailable.
int bench_gpu_state() {
  if (!bench_state().gpu) return 0;
  return static_cast<int>(bench_state().gpu->state());
}

// 0 the adapter's description, 1 why WebGPU is unavailable.
const char* bench_gpu_text(int which) {
  if (!bench_state().gpu) return "";
  return hand_out(which == 0 ? bench_state().gpu->description() : bench_state().gpu->failure());
}

// Makes the problem the next runs use. Returns "" or why it cannot run (on either backend: a message
// starting with "gpu:" when only WebGPU refuses it).
const char* bench_problem(int n, int d, int v, int bias, float smoothing, float ignored_share, float logit_std,
                          int seed) {
  bench::BenchShape shape{n, d, v, bias != 0, smoothing, ignored_share, logit_std, static_cast<uint64_t>(seed)};
  if (n < 1 || d < 1 || v < 1) return hand_out("n, d and v must be at least 1");
  bench_state().problem = bench::random_problem(shape);
  if (bench_state().gpu) bench_state().gpu->release_buffers();  // bytes held: this shape's, not the largest yet
  const std::string refused = check_fused_ce(bench_state().problem.problem());
  if (!refused.empty()) return hand_out(refused);
  if (bench_state().gpu && bench_state().gpu->state() == DeviceState::ready) {
    const std::string gpu_refused = bench_state().gpu->fits(n, d, v, bias != 0);
    if (!gpu_refused.empty()) return hand_out("gpu: " + gpu_refused);
  }
  return "";
}

// "" or why WebGPU cannot hold a problem of this shape (nothing is allocated).
const char* bench_gpu_fits(int n, int d, int v) {
  if (!bench_state().gpu) return "";
  return hand_out(bench_state().gpu->fits(n, d, v, false));
}

// Runs the blockwise backend into a slot; returns its seconds.
double bench_cpu(int index, float threshold, int gradients) {
  FusedCeResult* out = slot(index);
  if (!out) return -1;
  FusedCeOptions options;
  options.threshold = threshold;
  options.gradients = gradients != 0;
  const double start = emscripten_get_now();
  fused_cross_entropy(FusedCeBackend::blockwise, bench_state().problem.problem(), options, *out);
  return (emscripten_get_now() - start) / 1000.0;
}

// 1 submitted, 0 not (the device is not ready or busy).
int bench_gpu_submit(float threshold, int variant, int gradients) {
  if (!bench_state().gpu) return 0;
  FusedCeOptions options;
  options.threshold = threshold;
  options.gradients = gradients != 0;
  bench_state().gpu->set_variant(variant_of(variant));
  return bench_state().gpu->submit(bench_state().problem.problem(), options) ? 1 : 0;
}

// 0 pending, 1 ready (the result is in the slot), 2 failed.
int bench_gpu_poll(int index) {
  FusedCeResult* out = slot(index);
  if (!bench_state().gpu || !out) return 2;
  return static_cast<int>(bench_state().gpu->poll(*out));
}

// The last WebGPU result's timing and kernels.
const char* bench_gpu_timing() {
  const WebGpuFusedCe& gpu = *bench_state().gpu;
  const bool tiled = gpu.last_variant() == GpuKernelVariant::tiled;
  return hand_out("{\"device_seconds\":" + std::to_string(gpu.last_device_seconds()) +
                  ",\"finish_seconds\":" + std::to_string(gpu.last_finish_seconds()) + ",\"variant\":\"" +
                  (tiled ? "tiled" : "register_blocked") + "\"}");
}

double bench_bytes(int index) {
  const FusedCeResult* out = slot(index);
  return out ? static_cast<double>(out->extra_bytes) : 0.0;
}

double bench_mean_loss(int index) {
  const FusedCeResult* out = slot(index);
  return out ? out->mean_loss : 0.0;
}

// Relative errors of one slot against another (JSON).
const char* bench_compare(int index, int reference, int gradients) {
  const FusedCeResult* a = slot(index);
  const FusedCeResult* b = slot(reference);
  if (!a || !b) return "{}";
  return hand_out(bench::compare_json(*a, *b, gradients != 0, bench_state().problem.shape.bias));
}

// The filter's error against its bound (see bench_problem.hpp), for a filtered and an exact slot.
const char* bench_filter_bound(int filtered, int exact, float threshold) {
  const FusedCeResult* a = slot(filtered);
  const FusedCeResult* b = slot(exact);
  if (!a || !b) return "{}";
  return hand_out(bench::filter_bound_json(bench_state().problem, *a, *b, threshold));
}

// Destroys the WebGPU device, for the fault test.
void bench_lose_device() { losslab_gpu_debug_lose_device(); }

}  // extern "C"
