#include "webgpu_fused_ce.hpp"

#include <emscripten.h>

#include <cmath>

#include "gpu_bridge.hpp"

namespace losslab {
namespace {

double now_seconds() { return emscripten_get_now() / 1000.0; }

GpuLimits device_limits() {
  GpuLimits limits;
  if (losslab_gpu_state() != 1) return limits;  // not known yet: the spec's defaults
  limits.max_storage_binding = static_cast<int64_t>(losslab_gpu_limit(0));
  limits.max_buffer = static_cast<int64_t>(losslab_gpu_limit(1));
  limits.max_workgroups_per_dimension = static_cast<int64_t>(losslab_gpu_limit(2));
  return limits;
}

}  // namespace

WebGpuFusedCe::WebGpuFusedCe(GpuKernelVariant variant) : variant_(variant) { losslab_gpu_start(); }

WebGpuFusedCe::~WebGpuFusedCe() { losslab_gpu_release(); }

DeviceState WebGpuFusedCe::state() const {
  switch (losslab_gpu_state()) {
    case 0: return DeviceState::starting;
    case 1: return failure_.empty() ? DeviceState::ready : DeviceState::unavailable;
    default: return DeviceState::unavailable;
  }
}

std::string WebGpuFusedCe::failure() const {
  const std::string js = gpu_text(losslab_gpu_failure);
  return js.empty() ? failure_ : js;
}

std::string WebGpuFusedCe::description() const {
  const std::string text = gpu_text(losslab_gpu_describe);
  return text.empty() ? "WebGPU (no adapter)" : text;
}

bool WebGpuFusedCe::software() const { return losslab_gpu_software() == 1; }

GpuKernelVariant WebGpuFusedCe::resolved_variant() const {
  if (variant_ != GpuKernelVariant::automatic) return variant_;
  return losslab_gpu_preferred_variant() == 2 ? GpuKernelVariant::tiled : GpuKernelVariant::register_blocked;
}

std::string WebGpuFusedCe::fits(int64_t n, int64_t d, int64_t v, bool /*bias: its buffer is always held*/) const {
  return fused_ce_gpu_fits(plan_fused_ce_gpu(n, d, v, resolved_variant()), device_limits());
}

bool WebGpuFusedCe::idle() const { return !pending_ || losslab_gpu_poll() != 0; }

bool WebGpuFusedCe::submit(const FusedCeProblem& problem, const FusedCeOptions& options) {
  if (!idle() || state() != DeviceState::ready) return false;
  pending_ = false;  // a result nobody polled is dropped (the JS side unmaps it on the next submit)
  const double start = now_seconds();
  const Mat& h = *problem.h;
  const Mat& w = *problem.w;
  plan_ = plan_fused_ce_gpu(h.cols(), h.rows(), w.cols(), resolved_variant());
  const float* h_data = h.data();
  const float* w_data = w.data();
  if (plan_.d % 4 != 0) {  // the kernels read whole vec4: pad each column with zeros
    pad_columns_to_vec4(h, plan_.d4, h_padded_);
    pad_columns_to_vec4(w, plan_.d4, w_padded_);
    h_data = h_padded_.data();
    w_data = w_padded_.data();
  }
  // S/n_used is formed as exp((z − max) − (log sum + log n_used)) and dropped below threshold/n_used,
  // as in the blockwise backend (ignored rows count as 0; with none used, n_used is taken as 1).
  const auto used = static_cast<double>(std::max<int64_t>(used_rows(problem), 1));
  const bool started =
      losslab_gpu_submit(h_data, w_data, problem.bias ? problem.bias->data() : nullptr, problem.labels.data(),
                         static_cast<int>(plan_.n), static_cast<int>(plan_.d4), static_cast<int>(plan_.v),
                         static_cast<int>(plan_.splits), static_cast<int>(plan_.split_len),
                         static_cast<int>(plan_.d4_chunk), problem.ignore_label, static_cast<float>(std::log(used)),
                         static_cast<float>(options.threshold / used), options.gradients ? 1 : 0,
                         static_cast<int>(plan_.variant)) == 1;
  if (!started) return false;
  pending_ = true;
  problem_ = problem;
  options_ = options;
  prepare_seconds_ = now_seconds() - start;
  return true;
}

DevicePoll WebGpuFusedCe::poll(FusedCeResult& out) {
  if (!pending_) return DevicePoll::failed;
  switch (losslab_gpu_poll()) {
    case 0: return DevicePoll::pending;
    case 1: break;
    default: pending_ = false; return DevicePoll::failed;
  }
  pending_ = false;
  const double start = now_seconds();
  const auto n = static_cast<Eigen::Index>(plan_.n), d = static_cast<Eigen::Index>(plan_.d),
             v = static_cast<Eigen::Index>(plan_.v), d_padded = static_cast<Eigen::Index>(4 * plan_.d4);
  const bool grads = options_.gradients;
  const bool bias = grads && problem_.bias != nullptr;
  const bool padded = d_padded != d;
  rows_.resize(4, n);
  if (grads) {
    // Straight into the result when the layouts agree (d a multiple of 4), else through padded copies.
    Mat& dh = padded ? dh_padded_ : out.dh;
    Mat& dw = padded ? dw_padded_ : out.dw;
    dh.resize(d_padded, n);
    dw.resize(d_padded, v);
    if (bias) out.dbias.resize(v);
  }
  const int fetched = losslab_gpu_fetch(rows_.data(), grads ? (padded ? dh_padded_ : out.dh).data() : nullptr,
                                        grads ? (padded ? dw_padded_ : out.dw).data() : nullptr,
                                        bias ? out.dbias.data() : nullptr);
  if (fetched != 1) {
    failure_ = "The WebGPU results could not be copied back.";
    return DevicePoll::failed;
  }
  device_seconds_ = prepare_seconds_ + losslab_gpu_seconds();
  if (grads && padded) {
    out.dh = dh_padded_.topRows(d);
    out.dw = dw_padded_.topRows(d);
  }
  finish(out);
  finish_seconds_ = now_seconds() - start;
  return DevicePoll::ready;
}

// The blockwise backend's ending, from the GPU's row statistics and softmax parts.
void WebGpuFusedCe::finish(FusedCeResult& out) {
  FusedCeRowStats rows;
  rows.max = rows_.row(0).transpose().cast<double>();
  rows.sum = rows_.row(1).transpose().cast<double>();
  rows.label_logit = rows_.row(2).transpose().cast<double>();
  fused_ce_row_losses(problem_, rows, out);
  out.tiles = out.tiles_skipped = 0;
  const auto host_bytes = static_cast<int64_t>(
      (h_padded_.capacity() + w_padded_.capacity() + static_cast<size_t>(dh_padded_.size() + dw_padded_.size() + rows_.size())) *
      sizeof(float));
  out.extra_bytes = bytes_held() + host_bytes + rows.bytes();
  if (!options_.gradients) return;
  fused_ce_add_target_terms(problem_, out);
}

void WebGpuFusedCe::release_buffers() {
  if (!idle()) return;
  pending_ = false;
  losslab_gpu_release();
}

int64_t WebGpuFusedCe::bytes_held() const { return static_cast<int64_t>(losslab_gpu_bytes_held()); }

}  // namespace losslab
