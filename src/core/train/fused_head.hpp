// The output head of the token language model: which fused cross-entropy backend computes it, and the
// asynchronous round trip when that backend is a device (WebGPU in the page).
//
// Choices (the run's `fused_backend`): auto — the device when it is a real GPU, else the CPU blockwise
// backend (silently for a software adapter such as SwiftShader, or when there is no device at all; an
// unavailable device is reported as for webgpu); webgpu — the device, and a stated fallback to blockwise
// when it cannot run; blockwise; naive. A device that is still starting is waited for (the step stays pending). A device that is
// unavailable, lost mid-run, or too small for the problem hands the problem to the CPU at once — the same
// batch, so no step is lost — and says so once (take_notice()).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "fused_ce/fused_ce.hpp"
#include "fused_ce/fused_ce_device.hpp"
#include "util/registry.hpp"

namespace losslab {

enum class FusedBackendChoice { auto_, webgpu, blockwise, naive };
std::span<const RegistryEntry<FusedBackendChoice>> fused_backend_registry();
std::optional<FusedBackendChoice> fused_backend_from_name(std::string_view name);
std::string_view fused_backend_choice_name(FusedBackendChoice choice);

class FusedHead {
 public:
  // The page's device (not owned; may be null: the CLI, the desktop app and the tests).
  // A new device never receives the old one's pending work: that batch is started afresh on it.
  void set_device(FusedCeDevice* device) {
    if (device != device_) submitted_ = false;
    device_ = device;
  }
  void set_choice(FusedBackendChoice choice) { choice_ = choice; }
  // auto leaves heads below this many flops (6·N·d·V) on the CPU: a device step costs at least a frame
  // (its result is polled on the next one), while below ~1e8 flops the wasm kernel takes ~10 ms or less.
  static constexpr double kAutoMinFlops = 1e8;
  void set_auto_min_flops(double flops) { auto_min_flops_ = flops; }

  // Computes the head for a checked problem: true when `out` holds the result, false when the work went
  // to the device and is pending. The problem's buffers must stay unchanged until poll() returns true.
  bool start(const FusedCeProblem& problem, const FusedCeOptions& options, FusedCeResult& out);
  // The pending work: true when `out` holds the result (from the device, or from the CPU after the device
  // failed).
  bool poll(const FusedCeProblem& problem, const FusedCeOptions& options, FusedCeResult& out);
  bool pending() const { return pending_; }

  // A one-time message about the backend (a fallback and why), or "" — for the run's History.
  std::string take_notice();

  // "webgpu", "blockwise" or "naive": the backend of the last step ("" before the first).
  std::string_view backend_in_use() const { return in_use_; }
  // The device's adapter, when the device computed the last step.
  std::string device_description() const;
  // Bytes the backend held beyond its inputs and outputs in the last step (device buffers for webgpu).
  int64_t bytes_held() const { return bytes_held_; }
  // Wall-clock seconds of the last step's head, submit to result for the device.
  double seconds() const { return seconds_; }

 private:
  bool wants_device(const FusedCeProblem& problem) const;
  // A device that is still starting (or busy) after this long is given up on: some browsers never
  // answer requestAdapter.
  static constexpr double kStartTimeout = 10;
  bool waited_too_long() const;
  void run_on_cpu(FusedCeBackend backend, const FusedCeProblem& problem, const FusedCeOptions& options,
                  FusedCeResult& out);
  void fall_back(const std::string& why);

  FusedCeDevice* device_ = nullptr;
  FusedBackendChoice choice_ = FusedBackendChoice::auto_;
  double auto_min_flops_ = kAutoMinFlops;
  bool pending_ = false;
  bool submitted_ = false;      // pending on the device's result (else on the device coming up)
  bool device_failed_ = false;  // once a device failed, the run stays on the CPU
  std::string notice_;
  bool noticed_ = false;        // the fallback was said already
  std::string_view in_use_;
  int64_t bytes_held_ = 0;
  double seconds_ = 0;
  std::optional<std::chrono::steady_clock::time_point> waiting_since_;  // for the device to come up
};

}  // namespace losslab
