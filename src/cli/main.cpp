// losslab — train LossLab's networks from the command line.
//   losslab run (--preset NAME | --config FILE | --link URL) [--set key=value]… [--steps N] [--seed S] --out FILE.csv|.json
//   losslab sweep (--preset NAME | --config FILE) [--grid key=v1,v2,…]… [--steps N] [--jobs J] --out DIR
//   losslab check (--preset NAME | --config FILE) [--set key=value]… --csv FILE [--tolerance T] [--series a,b]
//   losslab list [--json]
//   losslab schema                            the config files' JSON Schema
//   losslab loss NAME [--param key=value]…   < {"logits": [[…]], "labels": […]}
//   losslab bench train [--preset NAME] [--steps N] [--repeats R]
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"LossLab: train small networks, switch losses, watch what happens."};
  app.require_subcommand(1);
  const auto run = losslab::cli::add_run_command(app);
  const auto list = losslab::cli::add_list_command(app);
  const auto bench = losslab::cli::add_bench_command(app);
  const auto loss = losslab::cli::add_loss_command(app);
  const auto sweep = losslab::cli::add_sweep_command(app);
  const auto schema = losslab::cli::add_schema_command(app);
  const auto check = losslab::cli::add_check_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : losslab::cli::kExitBadInput;
  }
  if (app.got_subcommand("run")) return run();
  if (app.got_subcommand("list")) return list();
  if (app.got_subcommand("loss")) return loss();
  if (app.got_subcommand("sweep")) return sweep();
  if (app.got_subcommand("schema")) return schema();
  if (app.got_subcommand("check")) return check();
  return bench();
}
