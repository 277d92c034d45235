// `losslab check`: grades a History CSV (a student's `losslab run --out` or the page's "CSV" export)
// against the run an assignment's config gives: the config is trained here, to its end, and every series
// of its History must be in the CSV, at the same steps, with values within the tolerance.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "config_input.hpp"
#include "train/history_check.hpp"
#include "train/trainer.hpp"

namespace losslab::cli {
namespace {

struct CheckOptions {
  ConfigSource source;
  std::string csv;
  double tolerance = 1e-5;
  std::vector<std::string> series;  // only these (all when empty)
};

// The expected History restricted to the series asked for; an unknown name is an error.
std::optional<History> restrict_to(const History& full, const std::vector<std::string>& names) {
  if (names.empty()) return full;
  History out;
  for (const std::string& name : names) {
    const Series* s = full.find(name);
    if (!s) {
      std::string known;
      for (const Series& x : full.series()) known += (known.empty() ? "" : ", ") + x.name;
      std::cerr << "losslab: --series: '" << name << "' is not recorded by this run; it records " << known << "\n";
      return std::nullopt;
    }
    for (size_t i = 0; i < s->step.size(); ++i) out.add(name, s->step[i], s->value[i]);
  }
  return out;
}

int check(const CheckOptions& o) {
  std::ifstream in(o.csv, std::ios::binary);
  if (!in) {
    std::cerr << "losslab: --csv: cannot read '" << o.csv << "'\n";
    return kExitBadInput;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<ConfigError> errors;
  const std::optional<History> got = history_from_csv(text.str(), errors);
  if (!got) {
    for (const ConfigError& e : errors) std::cerr << "losslab: " << o.csv << ": " << e.message << "\n";
    return kExitBadInput;
  }
  const auto config = load_config(o.source);
  if (!config) return kExitBadInput;
  Trainer trainer(*config);
  while (trainer.step() == RunState::running) {
  }
  const std::optional<History> expected = restrict_to(trainer.history(), o.series);
  if (!expected) return kExitBadInput;

  const HistoryCheck result = check_history(*expected, *got, o.tolerance);
  if (result.ok()) {
    std::cout << "OK: " << result.series_checked << " series, " << result.values_checked << " values within "
              << o.tolerance << " of the config's run (largest difference " << result.worst_relative << ")\n";
    return 0;
  }
  std::cout << "MISMATCH: " << result.mismatches.size() << " of " << result.series_checked
            << " series differ from the config's run (tolerance " << o.tolerance << "):\n";
  constexpr size_t kShown = 10;  // the first few say enough; a wrong seed would list every series
  for (size_t i = 0; i < result.mismatches.size() && i < kShown; ++i)
    std::cout << "  " << result.mismatches[i].text << "\n";
  if (result.mismatches.size() > kShown) std::cout << "  … and " << result.mismatches.size() - kShown << " more\n";
  return kExitMismatch;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Check a History CSV against the run a config gives (grading)");
  add_config_options(cmd, options->source);
  cmd->add_option("--csv", options->csv, "The History to check (losslab run --out, or the page's CSV export)")
      ->required();
  cmd->add_option("--tolerance", options->tolerance, "Largest relative difference allowed (default 1e-5)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--series", options->series, "Check only these series (comma-separated; default: all)")
      ->delimiter(',');
  return [options] { return check(*options); };
}

}  // namespace losslab::cli
