// The blockwise fused cross-entropy at a size the naive one cannot hold: N = 8192 rows, d = 256,
// V = 65,536 (the naive logits alone are 2 GiB). Measured, not taken from the backend's own account: the
// process's resident memory before the call (inputs and outputs allocated and touched) against its peak
// during the call (Linux: VmHWM, reset through /proc/self/clear_refs). Native build only: the sanitizers
// replace the allocator and would measure themselves.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <string>

#include "core/fused_ce_problem.hpp"
#include "fused_ce/fused_ce.hpp"

namespace {

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in bytes (−1 if absent).
int64_t status_bytes(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string name;
  int64_t kib = -1;
  while (status >> name) {
    if (name == key) {
      status >> kib;
      return kib * 1024;
    }
    status.ignore(1 << 20, '\n');
  }
  return -1;
}

bool reset_peak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  return static_cast<bool>(clear.flush());
}

}  // namespace

using namespace losslab;

TEST_CASE("blockwise fused cross-entropy at V = 65536 holds under 64 MiB extra", "[fused_ce][memory]") {
  constexpr int n = 8192, d = 256, v = 65536;
  // Small classifier weights: a nearly uniform softmax (each entry ≈ 1/V ≈ 2⁻¹⁶, below the default
  // threshold), the state of a language-model head at the start of training.
  const auto r = test::random_fused_ce(n, d, v, 0.01f, 0.0, 7);
  const FusedCeProblem problem = r.problem(false, 0.0f);
  REQUIRE(check_fused_ce(problem).empty());
  FusedCeResult out;
  out.loss.setZero(n);
  out.dh.setZero(d, n);
  out.dw.setZero(d, v);
  const bool reset = reset_peak();
  const int64_t before = status_bytes("VmRSS:");
  // Threshold 0: every tile's two gradient products run (and whatever scratch they need is measured).
  FusedCeOptions options;
  options.threshold = 0;
  fused_cross_entropy(FusedCeBackend::blockwise, problem, options, out);
  const int64_t peak = status_bytes("VmHWM:");
  REQUIRE(before > 0);
  REQUIRE(peak > 0);
  const int64_t extra = peak - before;
  std::cout << "blockwise fused ce N=8192 d=256 V=65536: mean loss " << out.mean_loss << "; resident peak "
            << extra / 1024 << " KiB above the inputs and outputs (peak " << (reset ? "reset" : "not reset")
            << " before the call), backend's own account " << out.extra_bytes / 1024 << " KiB; naive logits would be "
            << naive_logit_bytes(n, v) / (1 << 20) << " MiB; " << out.tiles_skipped << " of " << out.tiles
            << " tiles skipped\n";
  // Logits of std 0.01·√256 = 0.16 around 0: the loss is log V + σ²/2 ≈ log V + 0.013.
  CHECK(std::abs(out.mean_loss - std::log(static_cast<double>(v)) - 0.0128) < 0.01);
  CHECK(extra < 64 << 20);
  CHECK(out.extra_bytes < 64 << 20);
  CHECK(out.tiles_skipped == 0);
  CHECK(out.dh.allFinite());
  CHECK(out.dw.allFinite());
}
