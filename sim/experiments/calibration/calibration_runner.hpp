// A calibration from start to finished file: ABC-SMC (abc_smc.hpp) whose
// candidates are simulated like a sweep's runs (all cores through the
// parallel runner, each run's targets measured day by day), each finished
// batch checkpointed in a work folder beside the output so that a calibration
// stopped at any moment resumes with --resume and ends with the same file.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/io/output/calibration_file.hpp"
#include "sim/experiments/calibration/abc_smc.hpp"
#include "sim/experiments/calibration/calibration_loader.hpp"

namespace yucun::calibration {

// Bad use of the output or its work folder (exit code 2).
class CalibrationSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CalibrationProgress {
  std::size_t generation = 0;
  std::size_t batch = 0;
  std::uint64_t runs_done = 0;      // model runs of this start (checkpoints excluded)
  std::uint64_t batches_reused = 0; // taken from checkpoints
  double elapsed_seconds = 0;
  double epsilon = 0;               // of the generation being filled
  std::size_t particles = 0;        // N, to accept
  std::size_t accepted = 0;         // in this generation so far (distance <= epsilon)
  std::uint64_t candidates = 0;     // evaluated in this generation so far
  // Seconds until this generation is full, at its acceptance rate so far and
  // this start's runs per second (NaN before either is known).
  double generation_eta_seconds = 0;
};

struct CalibrationExecution {
  std::string output;
  enum class Mode { fresh, resume, force } mode = Mode::fresh;
  bool overwrite = false;                      // --force: replace an existing output
  const std::atomic<bool>* stop = nullptr;     // set by SIGINT/SIGTERM: stop after the runs in flight
  std::function<void(const CalibrationProgress&)> on_progress;  // after each batch
  std::function<void(const Generation&)> on_generation;         // after each generation
};

struct CalibrationOutcome {
  bool interrupted = false;  // no file; the work folder kept for --resume
  AbcResult result;
  std::uint64_t runs = 0;    // model runs behind the result (reused ones included)
  std::uint64_t failed_runs = 0;
  std::string first_failure; // why the first failed run failed
  double seconds = 0;
  std::string work_folder;
};

// A hash of what decides the calibration's result: model version, the
// resolved base scenario, fixed values, parameters and priors, targets,
// method, seed and replicates.
std::string calibration_fingerprint(const LoadedCalibration& loaded);

// The seed of replicate r of candidate (generation, batch, index): distinct
// for distinct candidates, independent of the number of threads or batches.
std::uint64_t candidate_seed(std::uint64_t seed, const Candidate& c, std::uint32_t replicate);

// The scenario of one run of a candidate: the base with the fixed values and
// the candidate's parameter values.
std::vector<std::string> candidate_overrides(const CalibrationSpec& spec, const std::vector<double>& theta);

// One model run of a candidate.
struct CandidateRun {
  Candidate candidate;
  std::uint32_t replicate = 0;
};

// What a run gives: the targets' values (NaN where a measure is undefined),
// or why it failed; `done` false when it was stopped before its end.
struct RunTargets {
  bool done = false;
  bool ok = false;
  std::vector<double> values;
  std::string error;
};

// Simulates one run of a candidate and measures its targets (any thread).
RunTargets simulate_candidate_run(const LoadedCalibration& loaded, const CandidateRun& run,
                                  const std::function<bool()>& stop);

// Where a batch's runs are simulated: calls on_done(i, targets) for each run
// i it finished, until all are done or `stop` is set. The threads of this
// process (local_targets_source), or MPI processes (mpi_calibration.hpp).
using RunTargetsSource =
    std::function<void(const LoadedCalibration& loaded, const std::vector<CandidateRun>& runs,
                       const std::atomic<bool>& stop, const std::function<void(std::size_t, RunTargets)>& on_done)>;
RunTargetsSource local_targets_source();

// Runs the calibration into execution.output (and its work folder). Throws
// CalibrationSetupError before any run, output::OutputError when writing fails.
CalibrationOutcome execute_calibration(const LoadedCalibration& loaded, const std::string& calibration_text,
                                       const CalibrationExecution& execution,
                                       const RunTargetsSource& source = local_targets_source());

// The file's contents for a finished calibration.
output::CalibrationResults results_of(const LoadedCalibration& loaded, const std::string& calibration_text,
                                      const CalibrationOutcome& outcome);

}  // namespace yucun::calibration
