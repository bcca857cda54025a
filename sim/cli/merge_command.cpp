#include "sim/cli/merge_command.hpp"

#include <new>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/experiments/shard_merge.hpp"

namespace yucun::cli {

CLI::App* add_merge_command(CLI::App& app, MergeArgs& args) {
  auto* cmd = app.add_subcommand("merge", "Combine the shard files of a sweep (yucun sweep --shard I/N) into one file");
  cmd->add_option("shards", args.shards, "Shard files, one per shard, in any order")->required();
  cmd->add_option("-o,--output", args.output, "The combined result file")->required();
  cmd->add_option("--sweep", args.sweep, "The sweep file, if it is no longer where the shards were run from")
      ->type_name("SWEEP.yaml");
  cmd->add_flag("--force", args.force, "Overwrite an existing output");
  cmd->add_flag("-q,--quiet", args.quiet, "Print nothing on success");
  return cmd;
}

int merge_command(const MergeArgs& args) {
  try {
    const sweep::MergeOutcome out =
        sweep::merge_shards(sweep::MergeOptions{args.shards, args.output, args.force, args.sweep});
    if (!args.quiet)
      fmt::print("merged {} shards of sweep '{}': {} runs ({} failed) written to {}\n", out.shards, out.sweep_name,
                 out.runs, out.failed, args.output);
    if (out.failed > 0) {
      print_error(fmt::format("error: {} of {} runs failed (status 1 in the file; the message in error):", out.failed,
                              out.runs));
      for (std::size_t i = 0; i < out.failures.size() && i < 10; ++i)
        print_error(fmt::format("  run {}: {}", out.failures[i].first, out.failures[i].second));
      return kExitRunsFailed;  // the merged file is complete; the failed runs are marked in it
    }
    return kExitOk;
  } catch (const sweep::MergeError& e) {
    print_error(fmt::format("error: {}", e.what()));
    // A shard that could not be read for want of memory is not bad input.
    return std::string_view(e.what()).find("(out of memory)") != std::string_view::npos ? kExitFailure : kExitBadInput;
  } catch (const output::OutputError& e) {
    print_error(fmt::format("error: writing '{}': {}", args.output, e.what()));
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    print_error(fmt::format("error: merging into '{}': out of memory (a memory limit such as ulimit -v, or the "
                            "machine's memory); nothing written",
                            args.output));
    return kExitFailure;
  } catch (const std::exception& e) {
    print_error(fmt::format("error: merging into '{}': {}", args.output, e.what()));
    return kExitFailure;
  }
}

}  // namespace yucun::cli
