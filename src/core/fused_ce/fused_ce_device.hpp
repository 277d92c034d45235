// An asynchronous fused cross-entropy backend: the WebGPU kernels of src/gpu in the browser. The core
// only knows this interface (it never includes src/gpu): the page creates the device and hands it to the
// Trainer, which submits one problem per step and polls it once per call of step() until it is ready, so
// neither the trainer nor the UI ever waits on the GPU.
//
// The device computes exactly what fused_cross_entropy() computes (fused_ce.hpp), up to float rounding
// and its own filter: mean loss, per-row loss, dH, dW and db.
#pragma once

#include <cstdint>
#include <string>

#include "fused_ce/fused_ce.hpp"

namespace losslab {

enum class DeviceState {
  starting,     // the adapter and device are being requested
  ready,        // submit() may be called
  unavailable,  // never came up or was lost: failure() says why; the CPU backend takes over
};

enum class DevicePoll {
  pending,  // not done yet: call poll() again on a later frame
  ready,    // the result was written
  failed,   // the work is lost (device lost, out of memory, a failed dispatch): failure() says why
};

class FusedCeDevice {
 public:
  virtual ~FusedCeDevice() = default;

  virtual DeviceState state() const = 0;
  // Why the device is unavailable, or why the last poll failed: one sentence for the UI.
  virtual std::string failure() const = 0;
  // The adapter, for the panel: "SwiftShader (CPU, fallback adapter)", "NVIDIA …".
  virtual std::string description() const = 0;

  // The adapter is a CPU implementation (SwiftShader; WebGPU's isFallbackAdapter): correct, but slower
  // than the wasm CPU kernel, so `auto` does not choose it.
  virtual bool software() const = 0;

  // "" if a problem of this size fits the device's limits (maxStorageBufferBindingSize, maxBufferSize),
  // else why not, naming the buffer and both sizes in bytes.
  virtual std::string fits(int64_t n, int64_t d, int64_t v, bool bias) const = 0;

  // Whether submit() may be called: no work is running. Work whose result came back but was never
  // polled (its trainer was replaced by a reset) does not count; the next submit discards it.
  virtual bool idle() const = 0;

  // Starts the work of one checked problem (check_fused_ce passed; fits() returned ""). The problem's
  // buffers (H, W, bias, labels) must stay alive and unchanged until poll() returns ready or failed: the
  // exact target terms and the per-row losses are finished on the CPU from them. At most one problem is
  // in flight: call only when idle(). Returns false (nothing started) when the device is not
  // ready.
  virtual bool submit(const FusedCeProblem& problem, const FusedCeOptions& options) = 0;

  // Polls the problem in flight. On ready, `out` holds the result (its buffers are resized as needed).
  // After failed the device stays unavailable.
  virtual DevicePoll poll(FusedCeResult& out) = 0;

  // Bytes of device memory the kernels hold (buffers), for the "bytes held" read-out.
  virtual int64_t bytes_held() const = 0;
  // Seconds the last result took on the device's side, submit to results mapped (not counting the wait
  // for the frame that polled it).
  virtual double seconds() const = 0;
};

}  // namespace losslab
