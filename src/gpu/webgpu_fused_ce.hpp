// The fused linear cross-entropy on WebGPU (LOSSES.md §7), behind the core's FusedCeDevice interface.
// The GPU computes what the N×V logits are needed for — each row's max, Σ exp(z − max) and label logit,
// and the softmax parts of the gradients, W·S, H·Sᵀ and the row sums of S (S = softmax/n_used, entries
// below the threshold dropped) — in the WGSL kernels of shaders/fused_ce_*.wgsl. The rest is finished
// on the CPU with the blockwise backend's own helpers (fused_ce_row_losses, fused_ce_add_target_terms),
// so the two backends share every formula outside the tiles.
//
// One device per page: the JavaScript side (web/library_losslab_gpu.js) holds the adapter, the device
// and the buffers; create one WebGpuFusedCe at a time.
#pragma once

#include <string>
#include <vector>

#include "fused_ce/fused_ce_device.hpp"
#include "fused_ce_gpu_layout.hpp"

namespace losslab {

class WebGpuFusedCe final : public FusedCeDevice {
 public:
  // Starts requesting the adapter and device (answers arrive on later frames: see state()).
  explicit WebGpuFusedCe(GpuKernelVariant variant = GpuKernelVariant::automatic);
  ~WebGpuFusedCe() override;
  WebGpuFusedCe(const WebGpuFusedCe&) = delete;
  WebGpuFusedCe& operator=(const WebGpuFusedCe&) = delete;

  DeviceState state() const override;
  std::string failure() const override;
  std::string description() const override;
  bool software() const override;
  std::string fits(int64_t n, int64_t d, int64_t v, bool bias) const override;
  bool idle() const override;
  bool submit(const FusedCeProblem& problem, const FusedCeOptions& options) override;
  DevicePoll poll(FusedCeResult& out) override;
  int64_t bytes_held() const override;
  double seconds() const override { return device_seconds_; }

  // Frees the device buffers (they are kept between submits and only grow): for a smaller shape from
  // now on. Does nothing while work is in flight.
  void release_buffers();
  // The kernels to use from the next submit on (automatic: by the adapter), for tests and benchmarks.
  void set_variant(GpuKernelVariant variant) { variant_ = variant; }
  // The variant the last submit used.
  GpuKernelVariant last_variant() const { return plan_.variant; }
  // Seconds of the last result: on the device's side (submit → results mapped, wall clock, with the
  // host's packing of the inputs), and on the CPU's side (copying out, losses and target terms).
  double last_device_seconds() const { return device_seconds_; }
  double last_finish_seconds() const { return finish_seconds_; }

 private:
  GpuKernelVariant resolved_variant() const;
  void finish(FusedCeResult& out);

  GpuKernelVariant variant_;
  bool pending_ = false;
  FusedCeProblem problem_;  // the job in flight (its buffers are the caller's)
  FusedCeOptions options_;
  FusedCeGpuPlan plan_;
  std::string failure_;     // a failure seen on this side (a fetch that failed)
  std::vector<float> h_padded_, w_padded_;  // inputs with d padded to d4 vec4, when d % 4 != 0
  Mat dh_padded_, dw_padded_;               // outputs likewise
  Eigen::Matrix<float, 4, Eigen::Dynamic> rows_;
  double prepare_seconds_ = 0, device_seconds_ = 0, finish_seconds_ = 0;
};

}  // namespace losslab
