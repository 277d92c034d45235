#include "fused_ce_gpu_layout.hpp"

#include <algorithm>

namespace losslab {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

std::string bytes_text(int64_t bytes) {
  std::string digits = std::to_string(bytes);
  for (auto i = static_cast<int64_t>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
  return digits + " bytes";
}

}  // namespace

FusedCeGpuPlan plan_fused_ce_gpu(int64_t n, int64_t d, int64_t v, GpuKernelVariant variant) {
  FusedCeGpuPlan plan;
  plan.n = n;
  plan.d = d;
  plan.v = v;
  plan.d4 = ceil_div(d, 4);
  plan.variant = variant == GpuKernelVariant::tiled ? GpuKernelVariant::tiled : GpuKernelVariant::register_blocked;
  const bool tiled = plan.variant == GpuKernelVariant::tiled;
  // The forward splits the vocabulary ~16 ways (more parallel work than rows alone give, and shorter
  // online sums; TOOLCHAIN.md measured it faster than one pass), but keeps ≥ 256 entries per split.
  const int64_t block = tiled ? 32 : 4;
  const int64_t wanted = std::clamp<int64_t>(ceil_div(v, 256), 1, 16);
  plan.split_len = round_up(ceil_div(v, wanted), block);
  plan.splits = ceil_div(v, plan.split_len);
  // Backward accumulators: register-blocked, 4 rows × up to 64 vec4 (d ≤ 256 in one chunk); tiled,
  // 32 vec4 per workgroup (8 invocations × 4 vec4 across, fixed by the kernel).
  plan.d4_chunk = tiled ? 32 : std::clamp<int64_t>(plan.d4, 1, 64);
  plan.rows_per_group = tiled ? 32 : 64;
  return plan;
}

std::vector<GpuBuffer> fused_ce_gpu_buffers(const FusedCeGpuPlan& p) {
  const int64_t vec_row = 16 * p.d4;
  return {
      {"classifier W", p.v * vec_row, true},
      {"gradient dW", p.v * vec_row, true},
      {"staging copy of dW", p.v * vec_row, false},
      {"hidden states H", p.n * vec_row, true},
      {"gradient dH", p.n * vec_row, true},
      {"staging copy of dH", p.n * vec_row, false},
      {"forward partials", p.n * p.splits * 8, true},
      {"row statistics", p.n * 16, true},
      {"staging copy of the row statistics", p.n * 16, false},
      {"bias", p.v * 4, true},
      {"gradient db", p.v * 4, true},
      {"staging copy of db", p.v * 4, false},
      {"labels", p.n * 4, true},
      {"label logits", p.n * 4, true},
  };
}

std::string fused_ce_gpu_fits(const FusedCeGpuPlan& p, const GpuLimits& limits) {
  for (const GpuBuffer& b : fused_ce_gpu_buffers(p)) {
    if (b.storage && b.bytes > limits.max_storage_binding)
      return "The " + std::string(b.name) + " buffer needs " + bytes_text(b.bytes) + " but this WebGPU device binds at most " +
             bytes_text(limits.max_storage_binding) + " (maxStorageBufferBindingSize).";
    if (b.bytes > limits.max_buffer)
      return "The " + std::string(b.name) + " buffer needs " + bytes_text(b.bytes) + " but this WebGPU device allows at most " +
             bytes_text(limits.max_buffer) + " per buffer (maxBufferSize).";
  }
  const int64_t groups = ceil_div(std::max(p.n, p.v), p.rows_per_group);
  if (groups > limits.max_workgroups_per_dimension)
    return "The fused cross-entropy needs " + std::to_string(groups) + " workgroups along one dimension but this WebGPU device allows " +
           std::to_string(limits.max_workgroups_per_dimension) + " (maxComputeWorkgroupsPerDimension).";
  return "";
}

void pad_columns_to_vec4(const Mat& m, int64_t d4, std::vector<float>& out) {
  const Eigen::Index rows = m.rows(), cols = m.cols();
  out.assign(static_cast<size_t>(4 * d4 * cols), 0.0f);
  Eigen::Map<Mat> padded(out.data(), static_cast<Eigen::Index>(4 * d4), cols);
  padded.topRows(rows) = m;
}

}  // namespace losslab
