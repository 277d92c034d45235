// The subcommands of `losslab`. Each registers its options on a CLI11 app and runs when chosen.
// Exit codes: 0 success, 1 bad input (config, option, file), 2 cannot write the output, 3 the run diverged,
// 4 `check` found the History different from the config's run.
#pragma once

#include <CLI/CLI.hpp>

namespace losslab::cli {

inline constexpr int kExitBadInput = 1;
inline constexpr int kExitOutput = 2;
inline constexpr int kExitDiverged = 3;
inline constexpr int kExitMismatch = 4;

// Each returns a function that runs the command (after parsing) and gives the exit code.
using Command = std::function<int()>;
Command add_run_command(CLI::App& app);
Command add_list_command(CLI::App& app);
Command add_bench_command(CLI::App& app);
Command add_loss_command(CLI::App& app);
Command add_sweep_command(CLI::App& app);
Command add_schema_command(CLI::App& app);
Command add_check_command(CLI::App& app);

}  // namespace losslab::cli
