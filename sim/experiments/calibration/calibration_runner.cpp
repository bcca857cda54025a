#include "sim/experiments/calibration/calibration_runner.hpp"

#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/experiments/calibration/target_measures.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/parallel_runner.hpp"
#include "yucun/version.hpp"

namespace yucun::calibration {

namespace fs = std::filesystem;

namespace {

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string_view prior_name(PriorKind k) { return yucun::name_of(k); }

// ---- The work folder: a manifest and one checkpoint per finished batch ------

class CalibrationFolder {
 public:
  CalibrationFolder(const std::string& output, const std::string& fingerprint, CalibrationExecution::Mode mode) {
    const fs::path out(output);
    path_ = (out.parent_path() / fmt::format(".{}.calibration", out.filename().string())).string();
    fingerprint_ = fingerprint;
    std::error_code ec;
    const bool existed = fs::exists(path_, ec);
    if (existed && mode == CalibrationExecution::Mode::fresh)
      throw CalibrationSetupError(fmt::format(
          "'{}' holds the checkpoints of an interrupted calibration into {}: add --resume to continue it, or "
          "--force to start over",
          path_, output));
    if (existed && mode == CalibrationExecution::Mode::force) fs::remove_all(path_, ec);
    fs::create_directories(path_, ec);
    if (ec) throw CalibrationSetupError(fmt::format("cannot create the work folder '{}': {}", path_, ec.message()));
    lock_fd_ = ::open((fs::path(path_) / "lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
      throw CalibrationSetupError(fmt::format("'{}' is in use by another calibration into {}", path_, output));
    const fs::path manifest = fs::path(path_) / "manifest";
    if (fs::exists(manifest, ec)) {
      std::ifstream in(manifest);
      std::string line;
      std::getline(in, line);
      if (line != fingerprint_)
        throw CalibrationSetupError(fmt::format(
            "'{}' holds the checkpoints of a different calibration (fingerprint {} against {}): the calibration "
            "file, its base scenario or the model changed; use --force to start over",
            path_, line, fingerprint_));
    } else {
      write_file(manifest.string(), fingerprint_ + "\n");
    }
  }
  ~CalibrationFolder() {
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }
  CalibrationFolder(const CalibrationFolder&) = delete;
  CalibrationFolder& operator=(const CalibrationFolder&) = delete;

  const std::string& path() const { return path_; }

  // A batch's evaluations, bit for bit, with the failed runs' count and first message.
  struct Batch {
    std::vector<Evaluation> evaluations;
    std::uint64_t failed_runs = 0;
    std::string first_failure;
  };

  std::optional<Batch> load(std::size_t generation, std::size_t batch, std::size_t targets) const {
    const std::string file = batch_path(generation, batch);
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    try {
      return decode(bytes, targets);
    } catch (const std::exception&) {
      std::error_code ec;
      fs::remove(file, ec);  // damaged: run the batch again
      return std::nullopt;
    }
  }

  void save(std::size_t generation, std::size_t batch, const Batch& b) const {
    std::string bytes = fmt::format("yucun calibration batch 1\n{}\n{} {} {}\n{}\n", fingerprint_, b.evaluations.size(),
                                    b.evaluations.empty() ? 0 : b.evaluations.front().summaries.size(), b.failed_runs,
                                    b.first_failure.size());
    bytes += b.first_failure;
    for (const auto& e : b.evaluations) {
      append_double(bytes, e.distance);
      for (double v : e.summaries) append_double(bytes, v);
    }
    const std::uint64_t sum = fnv1a(bytes);
    bytes.append(reinterpret_cast<const char*>(&sum), sizeof sum);
    write_file(batch_path(generation, batch), bytes);
  }

  void remove() {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    lock_fd_ = -1;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }

 private:
  std::string path_, fingerprint_;
  int lock_fd_ = -1;

  std::string batch_path(std::size_t generation, std::size_t batch) const {
    return (fs::path(path_) / fmt::format("g{:04}-b{:06}.bin", generation, batch)).string();
  }
  static void append_double(std::string& bytes, double v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }

  Batch decode(const std::string& bytes, std::size_t targets) const {
    if (bytes.size() < sizeof(std::uint64_t)) throw std::runtime_error("truncated");
    const std::string_view body(bytes.data(), bytes.size() - sizeof(std::uint64_t));
    std::uint64_t sum = 0;
    std::memcpy(&sum, bytes.data() + body.size(), sizeof sum);
    if (sum != fnv1a(body)) throw std::runtime_error("checksum");
    std::istringstream in{std::string(body)};
    std::string magic, fingerprint;
    std::getline(in, magic);
    std::getline(in, fingerprint);
    std::size_t count = 0, width = 0, message = 0;
    Batch b;
    in >> count >> width >> b.failed_runs >> message;
    in.get();
    if (magic != "yucun calibration batch 1" || fingerprint != fingerprint_ || (count > 0 && width != targets))
      throw std::runtime_error("another calibration");
    b.first_failure.resize(message);
    in.read(b.first_failure.data(), static_cast<std::streamsize>(message));
    for (std::size_t i = 0; i < count; ++i) {
      Evaluation e;
      in.read(reinterpret_cast<char*>(&e.distance), sizeof e.distance);
      e.summaries.resize(width);
      in.read(reinterpret_cast<char*>(e.summaries.data()), static_cast<std::streamsize>(width * sizeof(double)));
      if (!in) throw std::runtime_error("truncated");
      b.evaluations.push_back(std::move(e));
    }
    return b;
  }

  static void write_file(const std::string& path, const std::string& bytes) {
    const std::string temp = path + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.flush();
      if (!out) throw output::OutputError(fmt::format("cannot write the checkpoint '{}'", temp));
    }
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) throw output::OutputError(fmt::format("cannot move '{}' to '{}': {}", temp, path, ec.message()));
  }
};

// Thrown out of the ABC loop when the calibration is stopped.
struct Interrupted {};

}  // namespace

// ---- Scoring -----------------------------------------------------------------------

double target_distance(const std::vector<FittedTarget>& targets, const std::vector<double>& values) {
  double sum = 0, weights = 0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double v = values.at(k);
    if (!std::isfinite(v)) return std::numeric_limits<double>::infinity();
    const TargetSpec& t = targets[k].spec;
    double off = 0;
    if (t.tolerance.kind == Tolerance::Kind::range) {
      // Inside the published range is a perfect fit; outside, the excess.
      off = std::max({0.0, t.tolerance.low - v, v - t.tolerance.high});
    } else {
      off = v - t.centre();
    }
    const double z = off / t.scale();
    sum += targets[k].weight * z * z;
    weights += targets[k].weight;
  }
  return weights > 0 ? std::sqrt(sum / weights) : 0.0;
}

std::string calibration_fingerprint(const LoadedCalibration& loaded) {
  const CalibrationSpec& s = loaded.spec;
  std::string text = fmt::format("yucun {}\nseed {}\nreplicates {}\nyear {}\n", kVersion, s.seed, s.replicates, s.year);
  text += fmt::format("abc particles {} batch {} generations {} quantile {:a} min_acceptance {:a} final {:a} max {}\n",
                      s.abc.particles, s.abc.batch, s.abc.max_generations, s.abc.quantile, s.abc.min_acceptance,
                      s.abc.final_epsilon, s.abc.max_candidates);
  for (const auto& f : s.fixed) text += fmt::format("set {}\n", f.assignment());
  for (const auto& p : s.parameters)
    text += fmt::format("parameter {} {} {} {:a} {:a} {:a} {:a}\n", p.name, p.key_path, prior_name(p.prior.kind),
                        p.prior.lo, p.prior.hi, p.prior.mean, p.prior.sd);
  for (const auto& t : s.targets)
    text += fmt::format("target {} {:a} {:a} {:a}\n", t.spec.name, t.spec.centre(), t.spec.scale(), t.weight);
  text += "base\n" + scenario::to_yaml(loaded.base);
  return fmt::format("{:016x}", fnv1a(text));
}

std::uint64_t candidate_seed(std::uint64_t seed, const Candidate& c, std::uint32_t replicate) {
  using sweep::mix64;
  std::uint64_t h = mix64(seed + 0x9e3779b97f4a7c15ull);
  h = mix64(h ^ static_cast<std::uint64_t>(c.generation));
  h = mix64(h ^ static_cast<std::uint64_t>(c.batch));
  h = mix64(h ^ static_cast<std::uint64_t>(c.index));
  return mix64(h ^ replicate);
}

std::vector<std::string> candidate_overrides(const CalibrationSpec& spec, const std::vector<double>& theta) {
  std::vector<std::string> out = spec.fixed_assignments();
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    out.push_back(fmt::format("{}={}", spec.parameters[i].key_path, theta.at(i)));
  return out;
}

namespace {

// Simulates a batch through `source`: every candidate's replicates; a
// candidate's value of a target is the mean over its replicates (NaN when any
// failed).
CalibrationFolder::Batch simulate_batch(const LoadedCalibration& loaded, const std::vector<Candidate>& batch,
                                        const RunTargetsSource& source, const std::atomic<bool>& stop,
                                        std::uint64_t& runs_done) {
  const CalibrationSpec& spec = loaded.spec;
  const std::uint32_t R = spec.replicates;
  const std::size_t M = spec.targets.size();
  std::vector<CandidateRun> runs;
  for (const Candidate& c : batch)
    for (std::uint32_t r = 0; r < R; ++r) runs.push_back(CandidateRun{c, r});
  std::vector<RunTargets> results(runs.size());
  std::mutex mutex;
  source(loaded, runs, stop, [&](std::size_t i, RunTargets t) {
    std::lock_guard lock(mutex);
    results.at(i) = std::move(t);
  });
  if (stop.load()) throw Interrupted{};
  CalibrationFolder::Batch out;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunTargets& t = results[i];
    if (!t.done) throw Interrupted{};
    if (!t.ok) {
      if (out.failed_runs == 0)
        out.first_failure = fmt::format("run {} of candidate {}: {}", i % R, i / R, t.error);
      ++out.failed_runs;
      t.values.assign(M, std::numeric_limits<double>::quiet_NaN());
    }
  }
  runs_done += runs.size();
  for (std::size_t c = 0; c < batch.size(); ++c) {
    Evaluation e;
    e.summaries.assign(M, 0.0);
    for (std::uint32_t r = 0; r < R; ++r)
      for (std::size_t k = 0; k < M; ++k) e.summaries[k] += results[c * R + r].values.at(k) / R;
    e.distance = target_distance(spec.targets, e.summaries);
    out.evaluations.push_back(std::move(e));
  }
  return out;
}

}  // namespace

namespace {

experiments::RunPlan plan_of(const LoadedCalibration& loaded, const CandidateRun& run, std::uint64_t index) {
  const CalibrationSpec& spec = loaded.spec;
  auto s = std::make_shared<Scenario>(scenario::load_scenario(spec.base, candidate_overrides(spec, run.candidate.theta)));
  s->seed = candidate_seed(spec.seed, run.candidate, run.replicate);
  return experiments::RunPlan{index, std::shared_ptr<const Scenario>(s), RunIdentity{s->seed, run.replicate},
                              experiments::RunPlan::Keep::nothing};
}

std::vector<TargetSpec> target_specs(const CalibrationSpec& spec) {
  std::vector<TargetSpec> targets;
  for (const auto& t : spec.targets) targets.push_back(t.spec);
  return targets;
}

// Hooks that measure run i's targets day by day into measures[i] (i the
// plan's `run`), from each run's own scenario (its world).
experiments::RunHooks measuring_hooks(const LoadedCalibration& loaded,
                                      std::vector<std::unique_ptr<TargetAccumulator>>& measures) {
  experiments::RunHooks hooks;
  hooks.on_start = [&loaded, &measures, targets = target_specs(loaded.spec)](const experiments::RunPlan& plan,
                                                                             const Simulation&) {
    measures.at(plan.run) = std::make_unique<TargetAccumulator>(targets, loaded.spec.year, world_facts(*plan.scenario));
  };
  hooks.on_day = [&measures](const experiments::RunPlan& plan, Date date, const DayIndicators& day) {
    measures[plan.run]->on_day(date, day);
  };
  return hooks;
}

RunTargets targets_of(const experiments::RunOutcome& outcome, const TargetAccumulator* measure) {
  RunTargets t;
  if (outcome.status == experiments::RunStatus::not_run) return t;
  t.done = true;
  if (outcome.status == experiments::RunStatus::ok && measure) {
    t.ok = true;
    t.values = measure->values();
  } else {
    t.error = outcome.error.empty() ? std::string("the run failed") : outcome.error;
  }
  return t;
}

}  // namespace

RunTargets simulate_candidate_run(const LoadedCalibration& loaded, const CandidateRun& run,
                                  const std::function<bool()>& stop) {
  std::vector<std::unique_ptr<TargetAccumulator>> measures(1);
  const experiments::PlanOf plans = [&](std::uint64_t index) { return plan_of(loaded, run, index); };
  const experiments::RunOutcome outcome = experiments::simulate_run(plans, 0, stop, measuring_hooks(loaded, measures));
  return targets_of(outcome, measures[0].get());
}

RunTargetsSource local_targets_source() {
  return [](const LoadedCalibration& loaded, const std::vector<CandidateRun>& runs, const std::atomic<bool>& stop,
            const std::function<void(std::size_t, RunTargets)>& on_done) {
    std::vector<std::unique_ptr<TargetAccumulator>> measures(runs.size());
    const experiments::RunHooks hooks = measuring_hooks(loaded, measures);
    const experiments::PlanOf plans = [&](std::uint64_t i) { return plan_of(loaded, runs.at(i), i); };
    experiments::run_in_parallel(
        plans, experiments::all_runs(runs.size()), stop,
        [&](std::uint64_t i, experiments::RunOutcome outcome) {
          RunTargets t = targets_of(outcome, measures[i].get());
          measures[i].reset();
          on_done(i, std::move(t));
        },
        hooks);
  };
}

CalibrationOutcome execute_calibration(const LoadedCalibration& loaded, const std::string& calibration_text,
                                       const CalibrationExecution& execution, const RunTargetsSource& source) {
  (void)calibration_text;
  const auto started = std::chrono::steady_clock::now();
  const bool overwrite = execution.overwrite || execution.mode == CalibrationExecution::Mode::force;
  try {
    output::check_output_path(execution.output, overwrite);
  } catch (const output::OutputError& e) {
    throw CalibrationSetupError(e.what());
  }
  const CalibrationSpec& spec = loaded.spec;
  CalibrationFolder folder(execution.output, calibration_fingerprint(loaded), execution.mode);
  std::vector<Prior> priors;
  for (const auto& p : spec.parameters) priors.push_back(p.prior);
  const AbcSmc abc(priors, spec.abc);

  static const std::atomic<bool> never{false};
  const std::atomic<bool>& stop = execution.stop ? *execution.stop : never;
  CalibrationOutcome outcome;
  outcome.work_folder = folder.path();
  CalibrationProgress progress;
  progress.particles = spec.abc.particles;
  std::optional<Generation> last;  // the generation before the one being filled
  const auto on_generation = [&](const Generation& g) {
    last = g;
    if (execution.on_generation) execution.on_generation(g);
  };
  const EvaluateBatch evaluate = [&](const std::vector<Candidate>& batch) {
    if (batch.empty()) return std::vector<Evaluation>{};
    const std::size_t g = batch.front().generation, b = batch.front().batch;
    if (g != progress.generation || (g == 0 && b == 0)) {
      progress.accepted = 0;
      progress.candidates = 0;
      progress.epsilon = abc.epsilon(g, g > 0 && last ? &*last : nullptr);
    }
    std::optional<CalibrationFolder::Batch> result = folder.load(g, b, spec.targets.size());
    if (result && result->evaluations.size() == batch.size()) {
      ++progress.batches_reused;
    } else {
      if (stop.load()) throw Interrupted{};
      result = simulate_batch(loaded, batch, source, stop, progress.runs_done);
      folder.save(g, b, *result);
    }
    outcome.runs += batch.size() * spec.replicates;
    if (result->failed_runs > 0 && outcome.first_failure.empty()) outcome.first_failure = result->first_failure;
    outcome.failed_runs += result->failed_runs;
    progress.generation = g;
    progress.batch = b;
    progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.candidates += batch.size();
    for (const Evaluation& e : result->evaluations)
      if (std::isfinite(e.distance) && e.distance <= progress.epsilon) ++progress.accepted;
    const double rate = progress.elapsed_seconds > 0 ? static_cast<double>(progress.runs_done) / progress.elapsed_seconds : 0;
    const double acceptance = static_cast<double>(progress.accepted) / static_cast<double>(progress.candidates);
    progress.generation_eta_seconds =
        progress.accepted >= progress.particles ? 0.0
        : rate > 0 && acceptance > 0
            ? static_cast<double>(progress.particles - progress.accepted) / acceptance * spec.replicates / rate
            : std::numeric_limits<double>::quiet_NaN();
    if (execution.on_progress) execution.on_progress(progress);
    return std::move(result->evaluations);
  };
  try {
    outcome.result = abc.run(evaluate, on_generation);
  } catch (const Interrupted&) {
    outcome.interrupted = true;
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
  }
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  output::write_calibration_file(execution.output, results_of(loaded, calibration_text, outcome), overwrite);
  folder.remove();
  return outcome;
}

output::CalibrationResults results_of(const LoadedCalibration& loaded, const std::string& calibration_text,
                                      const CalibrationOutcome& outcome) {
  const CalibrationSpec& spec = loaded.spec;
  output::CalibrationResults r;
  r.name = spec.name;
  r.calibration_yaml = calibration_text;
  r.base_scenario_yaml = scenario::to_yaml(loaded.base);
  r.base = spec.base.starts_with('@') ? spec.base : fs::absolute(spec.base).string();
  r.targets_file = spec.targets_file;
  r.model_version = std::string(kVersion);
  r.stop_reason = std::string(yucun::name_of(outcome.result.stop));
  r.seed = spec.seed;
  r.replicates = spec.replicates;
  r.year = spec.year;
  r.particles = spec.abc.particles;
  r.runs = outcome.runs;
  r.failed_runs = outcome.failed_runs;
  for (const auto& p : spec.parameters) {
    r.parameter_name.push_back(p.name);
    r.parameter_key.push_back(p.key_path);
    r.prior_kind.push_back(std::string(prior_name(p.prior.kind)));
    r.prior_lo.push_back(p.prior.lo);
    r.prior_hi.push_back(p.prior.hi);
    r.prior_mean.push_back(p.prior.kind == PriorKind::normal ? p.prior.mean : std::numeric_limits<double>::quiet_NaN());
    r.prior_sd.push_back(p.prior.kind == PriorKind::normal ? p.prior.sd : std::numeric_limits<double>::quiet_NaN());
  }
  for (const auto& t : spec.targets) {
    r.target_name.push_back(t.spec.name);
    r.target_figure.push_back(t.spec.figure);
    r.target_source.push_back(t.spec.source);
    r.target_centre.push_back(t.spec.centre());
    r.target_scale.push_back(t.spec.scale());
    r.target_weight.push_back(t.weight);
    const bool range = t.spec.tolerance.kind == Tolerance::Kind::range;
    r.target_low.push_back(range ? t.spec.tolerance.low : t.spec.centre() - t.spec.scale());
    r.target_high.push_back(range ? t.spec.tolerance.high : t.spec.centre() + t.spec.scale());
  }
  for (const Generation& g : outcome.result.generations) {
    output::CalibrationGeneration out;
    out.epsilon = g.epsilon;
    out.candidates = g.candidates;
    out.acceptance_rate = g.acceptance_rate;
    for (const Particle& p : g.particles) {
      out.theta.insert(out.theta.end(), p.theta.begin(), p.theta.end());
      out.weight.push_back(p.weight);
      out.distance.push_back(p.distance);
      out.value.insert(out.value.end(), p.summaries.begin(), p.summaries.end());
    }
    r.generations.push_back(std::move(out));
  }
  return r;
}

}  // namespace yucun::calibration
