#include "train/fused_head.hpp"

#include <array>
#include <utility>

namespace losslab {
namespace {

constexpr std::array<RegistryEntry<FusedBackendChoice>, 4> kChoices{{
    {FusedBackendChoice::auto_, "auto", "WebGPU where the page has it, else the CPU blockwise kernel"},
    {FusedBackendChoice::webgpu, "webgpu",
     "the WGSL kernels on the GPU (in the page); falls back to blockwise, and says so, where WebGPU cannot run"},
    {FusedBackendChoice::blockwise, "blockwise",
     "CPU: vocabulary tiles, online log-sum-exp, recomputed and filtered backward; never holds N×V"},
    {FusedBackendChoice::naive, "naive", "CPU: materialises the N×V logits (the reference; memory grows with V)"},
}};

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::span<const RegistryEntry<FusedBackendChoice>> fused_backend_registry() { return kChoices; }
std::optional<FusedBackendChoice> fused_backend_from_name(std::string_view name) {
  return kind_from_name(fused_backend_registry(), name);
}
std::string_view fused_backend_choice_name(FusedBackendChoice choice) {
  return info_of(fused_backend_registry(), choice).name;
}

// auto takes the device only when it is a real GPU: a software adapter (SwiftShader) is a CPU running
// shaders, ~10× slower than the wasm kernel (TOOLCHAIN.md). While the adapter is being requested auto
// waits for it, since it cannot know yet.
// auto also leaves small heads on the CPU (kAutoMinFlops).
bool FusedHead::wants_device(const FusedCeProblem& problem) const {
  if (device_failed_) return false;
  if (choice_ == FusedBackendChoice::webgpu) return true;
  const double flops = 6.0 * static_cast<double>(problem.h->cols()) * static_cast<double>(problem.h->rows()) *
                       static_cast<double>(problem.w->cols());
  return choice_ == FusedBackendChoice::auto_ && device_ && flops >= auto_min_flops_ &&
         !(device_->state() == DeviceState::ready && device_->software());
}

void FusedHead::fall_back(const std::string& why) {
  device_failed_ = true;
  if (noticed_) return;
  noticed_ = true;
  notice_ = "fused head: " + why + "; it runs on the CPU (blockwise) from here on";
}

std::string FusedHead::take_notice() { return std::exchange(notice_, std::string()); }

void FusedHead::run_on_cpu(FusedCeBackend backend, const FusedCeProblem& problem, const FusedCeOptions& options,
                           FusedCeResult& out) {
  waiting_since_.reset();
  const auto t0 = std::chrono::steady_clock::now();
  fused_cross_entropy(backend, problem, options, out);
  seconds_ = since(t0);
  in_use_ = fused_ce_backend_name(backend);
  bytes_held_ = out.extra_bytes;
}

bool FusedHead::start(const FusedCeProblem& problem, const FusedCeOptions& options, FusedCeResult& out) {
  if (choice_ == FusedBackendChoice::naive) {
    run_on_cpu(FusedCeBackend::naive, problem, options, out);
    return true;
  }
  if (wants_device(problem)) {
    if (!device_) {
      // The CLI and the desktop app have no device: auto means blockwise there, silently.
      if (choice_ == FusedBackendChoice::webgpu) fall_back("WebGPU exists only in the page");
    } else if (const bool starting = device_->state() == DeviceState::starting,
               busy = device_->state() == DeviceState::ready && !device_->idle();
               (starting || busy) && waited_too_long()) {
      fall_back(std::string(starting ? "WebGPU did not answer" : "the GPU stayed busy") + " for " +
                std::to_string(static_cast<int>(kStartTimeout)) + " s");
    } else if (starting || busy) {
      // Asked for the adapter, or still busy with a replaced run's step: start again once it answers.
      if (!waiting_since_) waiting_since_ = std::chrono::steady_clock::now();
      pending_ = true;
      return false;
    } else if (device_->state() == DeviceState::unavailable) {
      fall_back("WebGPU is unavailable (" + device_->failure() + ")");
    } else if (const std::string too_big = device_->fits(problem.h->cols(), problem.h->rows(), problem.w->cols(),
                                                          problem.bias != nullptr);
               !too_big.empty()) {
      fall_back("the problem does not fit the GPU (" + too_big + ")");
    } else if (device_->submit(problem, options)) {
      waiting_since_.reset();
      pending_ = submitted_ = true;
      return false;
    } else {
      fall_back("WebGPU refused the work (" + device_->failure() + ")");
    }
  }
  run_on_cpu(FusedCeBackend::blockwise, problem, options, out);
  return true;
}

bool FusedHead::poll(const FusedCeProblem& problem, const FusedCeOptions& options, FusedCeResult& out) {
  if (!pending_) return true;
  if (!submitted_) {  // waiting for the adapter or an idle device: then start as if for the first time
    if (device_ && wants_device(problem) && !waited_too_long() &&
        (device_->state() == DeviceState::starting || (device_->state() == DeviceState::ready && !device_->idle())))
      return false;
    pending_ = false;
    return start(problem, options, out);
  }
  switch (device_->poll(out)) {
    case DevicePoll::pending: return false;
    case DevicePoll::ready:
      pending_ = submitted_ = false;
      seconds_ = device_->seconds();
      in_use_ = "webgpu";
      bytes_held_ = out.extra_bytes = device_->bytes_held();
      return true;
    case DevicePoll::failed: break;
  }
  pending_ = submitted_ = false;
  fall_back("the GPU failed mid-run (" + device_->failure() + ")");
  run_on_cpu(FusedCeBackend::blockwise, problem, options, out);  // the same batch: no step is lost
  return true;
}

bool FusedHead::waited_too_long() const {
  return waiting_since_ && since(*waiting_since_) > kStartTimeout;
}

std::string FusedHead::device_description() const {
  return device_ && in_use_ == "webgpu" ? device_->description() : std::string();
}

}  // namespace losslab
