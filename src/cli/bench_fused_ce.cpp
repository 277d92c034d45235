#include "bench_fused_ce.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "fused_ce/fused_ce.hpp"
#include "util/rng.hpp"

namespace losslab::cli {

int bench_fused_ce(const FusedCeBenchOptions& o) {
  const auto backend = fused_ce_backend_from_name(o.backend);
  if (!backend) {
    std::cerr << "losslab: --backend: '" << o.backend << "' is not one of naive, blockwise\n";
    return kExitBadInput;
  }
  const double logit_bytes = static_cast<double>(naive_logit_bytes(o.n, o.v));
  // Everything the benchmark holds: H, W, dH, dW (float), and the backend's scratch — the logits for
  // naive, one tile for blockwise. Refused up front, with the number, rather than failing to allocate.
  const double tile = std::min<double>(o.n, o.row_block > 0 ? o.row_block : FusedCeOptions{}.row_block) *
                      std::min<double>(o.v, o.vocab_block > 0 ? o.vocab_block : FusedCeOptions{}.vocab_block);
  const double bytes = 4.0 * (2.0 * o.d * (static_cast<double>(o.n) + o.v) +
                              (*backend == FusedCeBackend::naive ? static_cast<double>(o.n) * o.v : tile));
  constexpr double kMaxBytes = 3e9;  // under wasm32's 4 GiB address space, and a sane share of a desktop
  if (bytes > kMaxBytes) {
    std::cerr << "losslab: bench fused-ce: N = " << o.n << ", d = " << o.d << ", V = " << o.v << " with --backend "
              << o.backend << " needs " << bytes / 1e9 << " GB (at most " << kMaxBytes / 1e9 << " GB)"
              << (*backend == FusedCeBackend::naive ? "; the naive logits alone take " + std::to_string(logit_bytes / 1e9) +
                                                          " GB: try --backend blockwise"
                                                    : "")
              << "\n";
    return kExitBadInput;
  }
  Rng rng(1);
  Mat h(o.d, o.n), w(o.d, o.v);
  for (Eigen::Index i = 0; i < h.size(); ++i) h.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = o.weight_scale * rng.normal();
  std::vector<int32_t> labels(static_cast<size_t>(o.n));
  for (int32_t& y : labels) y = static_cast<int32_t>(rng.below(static_cast<uint32_t>(o.v)));
  const FusedCeProblem problem{&h, &w, nullptr, labels};
  FusedCeOptions options;
  if (o.threshold >= 0) options.threshold = o.threshold;
  if (o.row_block > 0) options.row_block = o.row_block;
  if (o.vocab_block > 0) options.vocab_block = o.vocab_block;

  FusedCeResult out;
  fused_cross_entropy(*backend, problem, options, out);  // warm-up: sizes the outputs
  std::vector<double> seconds;
  for (int r = 0; r < o.repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    fused_cross_entropy(*backend, problem, options, out);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  const double flops = 6.0 * o.n * o.d * static_cast<double>(o.v);
  const double skipped = out.tiles > 0 ? static_cast<double>(out.tiles_skipped) / static_cast<double>(out.tiles) : 0;
  if (o.json) {
    std::cout << nlohmann::json{{"backend", o.backend}, {"n", o.n}, {"d", o.d}, {"v", o.v},
                                {"threshold", options.threshold}, {"seconds", median},
                                {"gflops", flops / median / 1e9}, {"extra_bytes", out.extra_bytes},
                                {"naive_logit_bytes", logit_bytes}, {"tiles_skipped_share", skipped},
                                {"mean_loss", out.mean_loss}}
                     .dump()
              << "\n";
    return 0;
  }
  std::cout << "bench fused-ce: " << o.backend << ", N " << o.n << ", d " << o.d << ", V " << o.v << ", threshold "
            << options.threshold << "\n"
            << "  " << median * 1000 << " ms per forward+backward (median of " << o.repeats << "), "
            << flops / median / 1e9 << " GFLOP/s (6·N·d·V)\n"
            << "  extra memory " << static_cast<double>(out.extra_bytes) / (1 << 20) << " MiB (naive logits "
            << logit_bytes / (1 << 20) << " MiB); " << 100 * skipped << " % of tiles skipped; mean loss "
            << out.mean_loss << "\n";
  return 0;
}

}  // namespace losslab::cli
