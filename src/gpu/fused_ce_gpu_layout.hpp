// How a fused cross-entropy problem is laid out on the GPU: the kernel variant, the vocabulary splits
// of the forward, the chunks of d the backward kernels own, the buffers and their sizes, and whether
// they fit the device's limits. One place for these numbers: web/library_losslab_gpu.js sizes its
// buffers with the same formulas (its header lists them).
//
// Rows of H and W are d4 vec4 long on the GPU (d rounded up to a multiple of 4, zero-padded), so every
// kernel loads whole vec4s.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/eigen_types.hpp"

namespace losslab {

enum class GpuKernelVariant {
  automatic = 0,         // what the adapter calls for
  register_blocked = 1,  // 4×4 blocks in registers, no workgroup memory: CPU adapters (SwiftShader)
  tiled = 2,             // tiles staged through workgroup memory: GPUs
};

struct FusedCeGpuPlan {
  int64_t n = 0, d = 0, v = 0;
  int64_t d4 = 0;          // vec4 per row of H and W
  GpuKernelVariant variant = GpuKernelVariant::register_blocked;
  int64_t splits = 1;      // vocabulary splits of the forward
  int64_t split_len = 4;   // entries per split: a multiple of the variant's vocabulary block
  int64_t d4_chunk = 1;    // vec4 of d one backward invocation accumulates
  int64_t rows_per_group = 64;  // rows (dH, forward) or entries (dW) one workgroup owns
};

// variant: register_blocked or tiled (resolve automatic first).
FusedCeGpuPlan plan_fused_ce_gpu(int64_t n, int64_t d, int64_t v, GpuKernelVariant variant);

struct GpuBuffer {
  const char* name;  // what it holds, for messages
  int64_t bytes;
  bool storage;      // bound to a kernel (else a staging copy: only maxBufferSize applies)
};
std::vector<GpuBuffer> fused_ce_gpu_buffers(const FusedCeGpuPlan& plan);

struct GpuLimits {  // the spec's defaults, for a device whose limits are not known yet
  int64_t max_storage_binding = int64_t{128} << 20;
  int64_t max_buffer = int64_t{256} << 20;
  int64_t max_workgroups_per_dimension = 65535;
};

// "" if every buffer and dispatch fits, else a sentence naming the first that does not, with both sizes.
std::string fused_ce_gpu_fits(const FusedCeGpuPlan& plan, const GpuLimits& limits);

// A d×cols matrix as cols rows of d4 vec4 (zero-padded): the GPU's layout when d is not a multiple of 4.
void pad_columns_to_vec4(const Mat& m, int64_t d4, std::vector<float>& out);

}  // namespace losslab
