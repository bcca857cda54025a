// Checkpoints in experiments: a run that writes its state as it goes, a run
// that starts from a checkpoint (a restart, or a branch of another
// scenario), and spin-ups computed once per scenario prefix, seed and run
// and then taken from a cache folder. All are hooks of the runner
// (parallel_runner.hpp), so a run started any of these ways reports the same
// days, and its file is the same, as a run from its first day.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/date.hpp"
#include "sim/experiments/parallel_runner.hpp"

namespace yucun::experiments {

// How often a run writes its checkpoint (each replaces the last).
struct CheckpointPeriod {
  int days = 0;              // every this many simulated days
  bool month_end = false;    // after each month's last day
  bool year_end = false;     // after each year's last day
  double seconds = 0;        // every this many seconds of wall-clock time
  bool any() const { return days > 0 || month_end || year_end || seconds > 0; }
};

// "30d" (simulated days), "month", "year", "10min", "2h", "90s" (wall-clock
// time). Throws std::invalid_argument saying what is accepted.
CheckpointPeriod parse_checkpoint_period(std::string_view text);

struct CheckpointSchedule {
  std::string path;             // the run's checkpoint file, every `every` and on a stop
  CheckpointPeriod every;
  bool on_stop = true;          // also when a signal stops the run between two days
  // On reaching these days, before simulating them, into these files.
  std::vector<std::pair<Date, std::string>> at;
};

// `hooks` plus those that write the checkpoints of `schedule` (for a single
// run). `note` is told of each checkpoint written (its day).
RunHooks with_checkpoints(RunHooks hooks, const CheckpointSchedule& schedule,
                          std::function<void(const std::string& path, Date next_day)> note = {});

// A start hook: the run continues from the checkpoint at `path` (its own, or
// one of a scenario it may branch from; checkpoint::restore checks which).
std::function<StartedRun(const RunPlan&)> restart_from(std::string path);

// A start hook: each run's spin-up is read from `folder` when a run of a
// scenario with the same branch key at calendar.start (the same scenario
// except its name, description and policy levers, which are off in the
// spin-up), seed and run left it there, and computed and left there
// otherwise. A damaged or foreign file there is computed again and replaced.
std::function<StartedRun(const RunPlan&)> spin_up_cache(std::string folder);

// A start hook for many runs in one process (a sweep): the same, in memory.
// The first run of a (branch key, seed, run) computes the spin-up and keeps
// its state; later ones, and any that asked meanwhile (they wait), start
// from a copy. At most `max_kept` states are kept (each a few MB); beyond,
// runs compute their own.
std::function<StartedRun(const RunPlan&)> shared_spin_ups(std::size_t max_kept);

}  // namespace yucun::experiments
