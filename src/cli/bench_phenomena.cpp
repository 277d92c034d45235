#include "bench_phenomena.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "train/presets.hpp"
#include "train/trainer.hpp"

namespace losslab::cli {

int bench_phenomena(const std::string& only_preset, bool json) {
  nlohmann::json rows = nlohmann::json::array();
  bool any = false;
  for (const Preset& p : presets()) {
    if (!p.signature || (!only_preset.empty() && p.name != only_preset)) continue;
    any = true;
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    Trainer t(p.config);
    Signature seen;
    double seen_at = -1;
    size_t evaluations = 0;
    while (t.step() == RunState::running || seen_at < 0) {
      const Series* s = t.history().find("test_loss");
      if (s && s->step.size() != evaluations) {  // a new evaluation: look again
        evaluations = s->step.size();
        if (seen_at < 0 && (seen = p.signature(t.history(), p.config)).reached) seen_at = seconds();
      }
      if (t.state() != RunState::running) break;
    }
    const double total = seconds();
    rows.push_back({{"preset", p.name}, {"reached", seen.reached}, {"step", seen.step},
                    {"seconds_to_signature", seen_at}, {"steps", t.steps_done()}, {"seconds", total},
                    {"what", seen.text}});
    if (!json)
      std::cout << std::left << std::setw(28) << p.name << std::right << std::fixed << std::setprecision(2)
                << (seen.reached ? "signature at step " + std::to_string(seen.step) + " after " : "no signature; ")
                << (seen.reached ? seen_at : total) << " s; run " << t.steps_done() << " steps in " << total
                << " s\n    " << seen.text << "\n";
  }
  if (!any) {
    std::cerr << "losslab: no phenomenon preset named '" << only_preset << "'\n";
    return kExitBadInput;
  }
  if (json) std::cout << rows.dump(2) << "\n";
  return 0;
}

}  // namespace losslab::cli
