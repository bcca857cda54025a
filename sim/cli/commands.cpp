#include "sim/cli/commands.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <new>

#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "sim/cli/crash_guard.hpp"
#include "sim/cli/fail_safe.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/core/calendar.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/publish_file.hpp"
#include "sim/io/output/result_info.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_warnings.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/io/output/calibration_file.hpp"
#include "sim/experiments/calibration/posterior.hpp"
#include "sim/experiments/run_checkpoints.hpp"
#include "sim/experiments/scenario_runs.hpp"
#include "sim/io/checkpoint/run_checkpoint.hpp"
#include "sim/experiments/size_estimate.hpp"
#include "sim/experiments/step_loop.hpp"
#include "yucun/version.hpp"

namespace yucun::cli {

namespace {

std::atomic<int> g_signal{0};
std::atomic<bool> g_stop{false};

extern "C" void on_signal(int sig) {
  if (g_stop.exchange(true)) {  // a second signal: no more waiting
    output::remove_claimed_parts_now();
    _exit(kExitInterrupted);
  }
  g_signal.store(sig);
  // The run stops at the end of its day; should HDF5 hang meanwhile (after
  // running out of memory), the watchdog ends the process (fail_safe.hpp).
  arm_fail_safe(kExitInterrupted);
}

Scenario load(const ScenarioArgs& args) { return scenario::load_scenario(args.scenario, args.overrides); }

std::string default_output(const ScenarioArgs& args, const Scenario& s) {
  if (!args.scenario.empty() && args.scenario != scenario::kBuiltinBaselineName)
    return std::filesystem::path(args.scenario).stem().string() + ".h5";
  return s.name + ".h5";
}

// Per-year totals printed after a run.
struct YearTotals {
  std::string harvest_first, harvest_last;
  double leaf_picked_kg = 0, dry_tea_kg = 0;
  Fen leaf_sales = 0, tourism_revenue = 0;
  std::int64_t visitors = 0, core_visitors = 0, overnight = 0;
  double rural_income = 0, gini = 0, ratio = 0;
};

void add_day(std::map<int, YearTotals>& years, Date date, const DayIndicators& d, std::size_t core) {
  YearTotals& y = years[date.year()];
  if (d.integer(series::harvest_day)) {
    if (y.harvest_first.empty()) y.harvest_first = date.to_string();
    y.harvest_last = date.to_string();
  }
  for (std::size_t v = 0; v < d.villages(); ++v) {
    y.leaf_picked_kg += d.real(series::fresh_leaf_picked, v);
    y.dry_tea_kg += d.real(series::dry_tea_made, v);
    y.leaf_sales += d.integer(series::leaf_sales, v);
    y.overnight += d.integer(series::overnight_guests, v);
  }
  y.visitors += d.integer(series::visitors_total);
  y.core_visitors += d.integer(series::visitors, core);
  y.tourism_revenue += d.integer(series::tourism_revenue_total);
  y.rural_income = d.real(series::rural_income_per_capita);
  y.gini = d.real(series::gini);
  y.ratio = d.real(series::urban_rural_ratio);
}

void print_year_table(const std::map<int, YearTotals>& years, const std::string& core_name) {
  fmt::print("{:<5} {:<13} {:>8} {:>8} {:>10} {:>9} {:>10} {:>9} {:>10} {:>6} {:>6}\n", "year", "tea harvest",
             "leaf (t)", "dry (t)", "visits (M)", fmt::format("{} (M)", core_name.substr(0, 5)), "overnight",
             "tourism", "income/cap", "gini", "urb/rur");
  for (const auto& [year, y] : years) {
    const std::string harvest = y.harvest_first.empty()  ? "-"
                                : y.harvest_last.empty() ? y.harvest_first
                                                         : y.harvest_first.substr(5) + ".." + y.harvest_last.substr(5);
    fmt::print("{:<5} {:<13} {:>8.0f} {:>8.0f} {:>10.2f} {:>9.2f} {:>9.1f}% {:>6.1f} M¥ {:>10.0f} {:>6.3f} {:>6.2f}\n", year,
               harvest, y.leaf_picked_kg / 1000, y.dry_tea_kg / 1000, static_cast<double>(y.visitors) / 1e6,
               static_cast<double>(y.core_visitors) / 1e6,
               y.visitors > 0 ? 100.0 * static_cast<double>(y.overnight) / static_cast<double>(y.visitors) : 0.0,
               static_cast<double>(y.tourism_revenue) / 1e8, y.rural_income, y.gini, y.ratio);
  }
}

// The replicates' yearly totals averaged (counts rounded); the harvest
// window reads "varies" unless every replicate had the same.
std::map<int, YearTotals> mean_over_replicates(const std::vector<std::map<int, YearTotals>>& runs) {
  std::map<int, YearTotals> mean;
  const double n = static_cast<double>(runs.size());
  auto average = [n](double sum) { return sum / n; };
  for (const auto& [year, first] : runs.front()) {
    YearTotals m = first;
    double leaf = 0, dry = 0, sales = 0, revenue = 0, visitors = 0, core = 0, overnight = 0, income = 0, gini = 0,
           ratio = 0;
    for (const auto& run : runs) {
      const YearTotals& y = run.at(year);
      if (y.harvest_first != first.harvest_first || y.harvest_last != first.harvest_last) {
        m.harvest_first = "varies";
        m.harvest_last = "";
      }
      leaf += y.leaf_picked_kg;
      dry += y.dry_tea_kg;
      sales += static_cast<double>(y.leaf_sales);
      revenue += static_cast<double>(y.tourism_revenue);
      visitors += static_cast<double>(y.visitors);
      core += static_cast<double>(y.core_visitors);
      overnight += static_cast<double>(y.overnight);
      income += y.rural_income;
      gini += y.gini;
      ratio += y.ratio;
    }
    m.leaf_picked_kg = average(leaf);
    m.dry_tea_kg = average(dry);
    m.leaf_sales = std::llround(average(sales));
    m.tourism_revenue = std::llround(average(revenue));
    m.visitors = std::llround(average(visitors));
    m.core_visitors = std::llround(average(core));
    m.overnight = std::llround(average(overnight));
    m.rural_income = average(income);
    m.gini = average(gini);
    m.ratio = average(ratio);
    mean[year] = m;
  }
  return mean;
}

// Called from a catch block of a run: reports the exception in flight and
// gives the exit code (an interrupted run, an output error, any other failure).
int run_failed(const std::string& output) {
  try {
    throw;
  } catch (const experiments::RunStopped&) {
    print_error(fmt::format("yucun: interrupted by signal {}; no result written", g_signal.load()));
    return kExitInterrupted;
  } catch (const checkpoint::CheckpointError& e) {
    print_error(fmt::format("error: --restart: {}", e.what()));
    return kExitBadInput;
  } catch (const output::OutputError& e) {
    print_error(fmt::format("error: writing '{}': {}", output, e.what()));
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    print_error("error: the run failed: out of memory (a memory limit such as ulimit -v, or the machine's memory); "
                "no result written");
    return kExitFailure;
  } catch (const std::exception& e) {
    print_error(fmt::format("error: the run failed: {}", e.what()));
    return kExitFailure;
  }
}

// What the summary of a run or its replicates needs besides the series.
struct RunFacts {
  std::size_t villages = 0, roads = 0, households = 0;
  std::size_t core = 0;  // the tourism gateway's index
  std::string core_name;
  std::int64_t money_residual = 0;  // on the last day
};

// ", after a 2-year spin-up from 2021-01-01": the reported days start settled.
std::string spin_up_note(const Scenario& s) {
  const int days = spin_up_days(s.calendar.start, s.spin_up.years);
  if (days == 0) return ", no spin-up";
  return fmt::format(", after a {}-year spin-up from {}", s.spin_up.years, (s.calendar.start - days).to_string());
}

void print_replicates_summary(const Scenario& s, std::uint32_t count, int threads,
                              const std::vector<std::map<int, YearTotals>>& years, const std::vector<RunFacts>& facts,
                              const std::string& output, double seconds) {
  const Calendar calendar(s.calendar);
  const RunFacts& first = facts.front();
  fmt::print("yucun {}: scenario '{}', seed {}, {} replicates (runs 0 to {}), {} threads\n", kVersion, s.name, s.seed,
             count, count - 1, threads);
  fmt::print("{} villages, {} roads, {} households; {} days from {} to {}{}\n", first.villages, first.roads,
             first.households, calendar.day_count(), calendar.start().to_string(), calendar.end().to_string(),
             spin_up_note(s));
  fmt::print("mean over the {} replicates:\n", count);
  const std::string& core_name = first.core_name;
  print_year_table(mean_over_replicates(years), core_name);
  const int last_year = years.front().rbegin()->first;
  fmt::print("each replicate in {}:\n", last_year);
  fmt::print("{:<9} {:>10} {:>9} {:>10} {:>10} {:>6} {:>6}\n", "run", "visits (M)",
             fmt::format("{} (M)", core_name.substr(0, 5)), "overnight", "income/cap", "gini", "urb/rur");
  for (std::uint32_t r = 0; r < count; ++r) {
    const YearTotals& y = years[r].at(last_year);
    fmt::print("{:<9} {:>10.2f} {:>9.2f} {:>9.1f}% {:>10.0f} {:>6.3f} {:>6.2f}\n", r,
               static_cast<double>(y.visitors) / 1e6, static_cast<double>(y.core_visitors) / 1e6,
               y.visitors > 0 ? 100.0 * static_cast<double>(y.overnight) / static_cast<double>(y.visitors) : 0.0,
               y.rural_income, y.gini, y.ratio);
  }
  const bool conserved =
      std::all_of(facts.begin(), facts.end(), [](const RunFacts& f) { return f.money_residual == 0; });
  fmt::print("money conserved: {} every day in every replicate\n", conserved ? "residual 0 fen" : "NO");
  fmt::print("wrote {} ({} replicates) in {:.2f} s\n", output, count, seconds);
}

void print_run_summary(const Scenario& s, std::uint32_t run, int threads, const std::map<int, YearTotals>& years,
                       const RunFacts& facts, const std::string& output, double seconds) {
  const Calendar calendar(s.calendar);
  fmt::print("yucun {}: scenario '{}', seed {}, run {}, {} threads\n", kVersion, s.name, s.seed, run, threads);
  fmt::print("{} villages, {} roads, {} households; {} days from {} to {}{}\n", facts.villages, facts.roads,
             facts.households, calendar.day_count(), calendar.start().to_string(), calendar.end().to_string(),
             spin_up_note(s));
  print_year_table(years, facts.core_name);
  fmt::print("money conserved: residual {} fen every day\n", facts.money_residual);
  fmt::print("wrote {} in {:.2f} s\n", output, seconds);
}

}  // namespace

// Run r of `yucun run --posterior CAL.h5 --replicates N`: the scenario with
// posterior draw r's values (systematic resampling of the calibration's last
// generation, keyed by the scenario's seed), its own random streams (seed, r).
static int add_posterior_draws(const RunArgs& args, const Scenario& s, experiments::ScenarioRuns& runs) {
  output::CalibrationResults cal;
  try {
    cal = output::read_calibration_file(*args.posterior);
  } catch (const output::OutputError& e) {
    print_error(fmt::format("error: --posterior {}: {}", *args.posterior, e.what()));
    return kExitBadInput;
  }
  const calibration::Generation posterior = calibration::posterior_of(cal);
  if (posterior.particles.empty()) {
    print_error(fmt::format("error: --posterior {}: the calibration has no finished generation", *args.posterior));
    return kExitBadInput;
  }
  const auto draws = calibration::resample(posterior, *args.replicates, s.seed);
  const std::size_t K = cal.parameter_key.size();
  std::vector<experiments::RunValues> values(K);
  for (std::size_t k = 0; k < K; ++k)
    values[k] = {"param_" + cal.parameter_name[k],
                 fmt::format("posterior draw's value of {} (calibration '{}')", cal.parameter_key[k], cal.name), "1", {}, {}};
  experiments::RunValues particle{"posterior_particle",
                                  fmt::format("particle of generation {} of calibration '{}' the run drew", posterior.index,
                                              cal.name),
                                  "1", {}, {}};
  const Calendar calendar(s.calendar);
  for (std::size_t r = 0; r < draws.size(); ++r) {
    ScenarioArgs with = args.scenario;
    const auto& theta = posterior.particles[draws[r]].theta;
    for (std::size_t k = 0; k < K; ++k) {
      with.overrides.push_back(fmt::format("{}={}", cal.parameter_key[k], theta[k]));
      values[k].reals.push_back(theta[k]);
    }
    particle.integers.push_back(static_cast<std::int64_t>(draws[r]));
    try {
      Scenario draw = load(with);
      draw.seed = s.seed;
      const Calendar c(draw.calendar);
      if (c.start() != calendar.start() || c.day_count() != calendar.day_count() ||
          draw.world.villages.size() != s.world.villages.size())
        throw std::runtime_error("a posterior draw changes the calendar or the villages");
      runs.run_scenarios.push_back(std::make_shared<const Scenario>(std::move(draw)));
    } catch (const scenario::ScenarioError& e) {
      print_error(fmt::format("error: --posterior {}: draw {} is refused by the scenario:\n{}", *args.posterior, r, e.what()));
      return kExitBadInput;
    } catch (const std::exception& e) {
      print_error(fmt::format("error: --posterior {}: draw {}: {}", *args.posterior, r, e.what()));
      return kExitBadInput;
    }
  }
  values.push_back(std::move(particle));
  runs.run_values = std::move(values);
  runs.attributes = {{"posterior_file", *args.posterior},
                     {"posterior_calibration", cal.name},
                     {"posterior_note", fmt::format("run r is posterior draw r (systematic resampling of generation {}, "
                                                    "seed {}) with random streams (seed, r): intervals across runs "
                                                    "include parameter uncertainty",
                                                    posterior.index, s.seed)}};
  return kExitOk;
}

namespace {

// Bytes free for this user in the folder that will hold `path`, or infinity
// when unknown.
double free_disk_bytes(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string folder = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  struct statvfs fs {};
  if (::statvfs(folder.c_str(), &fs) != 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
}

// `run --replicates N` writes its file to disk as it goes (memory does not
// grow with it): a job over the limits (runs, CPU time, half the free space of
// the output's folder) is refused before it starts unless --yes, with its
// estimate.
int check_replicates_size(const RunArgs& args, const Scenario& s) {
  if (!args.replicates) return kExitOk;
  const sweep::SizeEstimate e = sweep::estimate_replicates(sweep::run_size(s), *args.replicates);
  sweep::SweepLimits limits;
  limits.max_output_bytes = std::min(limits.max_output_bytes,
                                     0.5 * free_disk_bytes(args.output ? *args.output : default_output(args.scenario, s)));
  const auto why = sweep::over_limits(e, limits);
  if (!why) return kExitOk;
  if (args.yes) {
    if (!args.quiet) print_error(fmt::format("note: {} ({}); running it as --yes asks", sweep::describe(e, sweep::OutputLevel::full), *why));
    return kExitOk;
  }
  print_error(fmt::format("error: --replicates {}: {}; that is {}. "
                          "Give --yes to run it anyway, or use fewer replicates, or `yucun sweep` (a sweep with "
                          "output: summary keeps only yearly values, and --shard splits it across machines)",
                          *args.replicates, sweep::describe(e, sweep::OutputLevel::full), *why));
  return kExitBadInput;
}

}  // namespace

namespace {

// The checkpoint options of `yucun run` as hooks of the run (docs/reliability.md).
// Returns an exit code: kExitOk, or kExitBadInput after saying what is wrong.
struct CheckpointFiles {
  std::string periodic;  // written every PERIOD and on a stop; removed when the run finishes
  std::string last_written;
  Date last_day;
};

int add_checkpoints(const RunArgs& args, const Scenario& s, const std::string& output, experiments::RunHooks& hooks,
                    CheckpointFiles& files) {
  const bool wants = args.checkpoint_every || !args.checkpoint_at.empty() || args.restart;
  if (args.replicates && (wants || args.checkpoint)) {
    print_error("error: --checkpoint-every, --checkpoint-at and --restart are for a single run; with --replicates N, "
                "run each replicate with --run R instead (--spin-up-cache works with replicates)");
    return kExitBadInput;
  }
  if (args.checkpoint && !args.checkpoint_every && args.checkpoint_at.empty()) {
    print_error("error: --checkpoint names the file of --checkpoint-every or --checkpoint-at: give one of them");
    return kExitBadInput;
  }
  if (args.restart) hooks.start = experiments::restart_from(*args.restart);
  else if (args.spin_up_cache) {
    std::error_code ec;
    if (!std::filesystem::is_directory(*args.spin_up_cache, ec) &&
        !std::filesystem::create_directories(*args.spin_up_cache, ec)) {
      print_error(fmt::format("error: --spin-up-cache: cannot make the folder '{}': {}", *args.spin_up_cache,
                              ec ? ec.message() : std::string("a file of that name is in the way")));
      return kExitBadInput;
    }
    hooks.start = experiments::spin_up_cache(*args.spin_up_cache);
  }
  if (!args.checkpoint_every && args.checkpoint_at.empty()) return kExitOk;
  experiments::CheckpointSchedule schedule;
  if (args.checkpoint_every) {
    try {
      schedule.every = experiments::parse_checkpoint_period(*args.checkpoint_every);
    } catch (const std::invalid_argument& e) {
      print_error(fmt::format("error: --checkpoint-every: {}", e.what()));
      return kExitBadInput;
    }
    schedule.path = args.checkpoint.value_or(output + ".ckpt");
    files.periodic = schedule.path;
  }
  const Calendar calendar(s.calendar);
  for (const std::string& text : args.checkpoint_at) {
    const auto day = Date::parse(text);
    if (!day || *day < calendar.start() || *day > calendar.end()) {
      print_error(fmt::format("error: --checkpoint-at: expected a day of the reported period, {} to {} (YYYY-MM-DD), "
                              "got '{}'",
                              calendar.start().to_string(), calendar.end().to_string(), text));
      return kExitBadInput;
    }
    const bool one_file = args.checkpoint && !args.checkpoint_every && args.checkpoint_at.size() == 1;
    schedule.at.emplace_back(*day, one_file ? *args.checkpoint : fmt::format("{}.{}.ckpt", output, day->to_string()));
  }
  hooks = experiments::with_checkpoints(std::move(hooks), schedule, [&files](const std::string& path, Date next) {
    files.last_written = path;
    files.last_day = next;
  });
  return kExitOk;
}

}  // namespace

int run_command(const RunArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  if (args.replicates && args.run) {
    print_error("error: --replicates N runs the replicates --run 0 to N-1 into one file; it cannot be combined "
                "with --run (drop --run, or drop --replicates to write the single run --run R)");
    return kExitBadInput;
  }
  if (args.replicates && *args.replicates == 0) {
    print_error("error: --replicates: expected at least 1");
    return kExitBadInput;
  }
  Scenario s;
  try {
    s = load(args.scenario);
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  }
  if (args.seed) {
    // Strict: CLI11 would wrap "-5" around to a huge unsigned seed.
    std::uint64_t seed = 0;
    const std::string& text = *args.seed;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      print_error(fmt::format("error: --seed: expected a whole number from 0 to {}, got '{}'",
                              std::numeric_limits<std::uint64_t>::max(), text));
      return kExitBadInput;
    }
    s.seed = seed;
  }
  if (!args.quiet)
    for (const auto& w : scenario::scenario_warnings(s))
      print_error(fmt::format("warning: {}: {}", args.scenario.scenario.empty() ? std::string("@baseline")
                                                                             : args.scenario.scenario, w));
  if (const int code = check_replicates_size(args, s); code != kExitOk) return code;
  const std::string output = args.output ? *args.output : default_output(args.scenario, s);
  try {
    output::check_output_path(output, args.force);
  } catch (const output::OutputError& e) {
    print_error(fmt::format("error: {}", e.what()));
    return kExitBadInput;
  }

  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  install_fail_safe();
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  experiments::ScenarioRuns runs{std::make_shared<const Scenario>(s), args.run.value_or(0), args.replicates,
                                 output, args.force};
  if (args.posterior) {
    if (!args.replicates) {
      print_error("error: --posterior runs posterior draws as replicates: give --replicates N, the number of draws");
      return kExitBadInput;
    }
    if (const int code = add_posterior_draws(args, s, runs); code != kExitOk) return code;
  }
  const std::size_t count = args.replicates.value_or(1);
  std::vector<std::map<int, YearTotals>> years(count);
  std::vector<RunFacts> facts(count);
  experiments::RunHooks hooks;
  hooks.on_start = [&](const experiments::RunPlan& plan, const Simulation& sim) {
    RunFacts& f = facts[plan.run];
    f.villages = sim.roads().village_count();
    f.roads = sim.roads().road_count();
    f.households = sim.households().size();
    f.core = sim.roads().index_of(s.tourism.gateway).value_or(0);
    f.core_name = sim.roads().name_of(f.core);
  };
  hooks.on_day = [&](const experiments::RunPlan& plan, Date date, const DayIndicators& day) {
    add_day(years[plan.run], date, day, facts[plan.run].core);
    facts[plan.run].money_residual = day.integer(series::money_residual);
  };
  CheckpointFiles checkpoints;
  if (const int code = add_checkpoints(args, s, output, hooks, checkpoints); code != kExitOk) return code;
  try {
    experiments::run_scenario(runs, g_stop, hooks);
  } catch (...) {
    const int code = run_failed(output);
    if (code == kExitInterrupted && !checkpoints.last_written.empty() && checkpoints.last_written == checkpoints.periodic)
      print_error(fmt::format("yucun: the run's state before {} is in '{}': continue with --restart {}",
                              checkpoints.last_day.to_string(), checkpoints.last_written, checkpoints.last_written));
    return code;
  }
  if (!checkpoints.periodic.empty()) {
    std::error_code ec;
    std::filesystem::remove(checkpoints.periodic, ec);  // the run is whole: its checkpoint has served
  }
  if (!args.quiet) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (args.replicates) print_replicates_summary(s, *args.replicates, threads, years, facts, output, seconds);
    else print_run_summary(s, runs.run, threads, years.front(), facts.front(), output, seconds);
  }
  return kExitOk;
}

int validate_command(const std::vector<std::string>& files, const std::vector<std::string>& overrides) {
  int status = kExitOk;
  for (const auto& file : files) {
    try {
      const Scenario s = scenario::load_scenario(file, overrides);
      std::int64_t households = 0;
      for (const auto& v : s.world.villages) households += v.households;
      fmt::print("ok: {} ('{}': {} villages, {} roads, {} households, {} years from {})\n", file, s.name,
                 s.world.villages.size(), s.world.roads.size(), households, s.calendar.years,
                 s.calendar.start.to_string());
      for (const auto& w : scenario::scenario_warnings(s)) print_error(fmt::format("warning: {}: {}", file, w));
    } catch (const scenario::ScenarioError& e) {
      print_error(e.what());
      status = kExitBadInput;
    }
  }
  return status;
}

int show_command(const ScenarioArgs& args) {
  try {
    fmt::print("{}", scenario::to_yaml(load(args)));
    return kExitOk;
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  }
}

int world_command(const ScenarioArgs& args, bool dot) {
  Scenario s;
  try {
    s = load(args);
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  }
  const RoadNetwork roads(s.world.villages, s.world.roads);
  if (dot) {
    fmt::print("{}", roads.to_dot());
    return kExitOk;
  }
  fmt::print("{} villages, {} roads ({} connected)\n", roads.village_count(), roads.road_count(),
             roads.is_connected() ? "all" : "NOT all");
  // Travel times are shown to the tourism gateway (the core village).
  const auto hub = roads.index_of(s.tourism.gateway).value_or(0);
  fmt::print("{:<18} {:<14} {:>10} {:>10} {:>9} {:>6} {:>14} {:>14}\n", "village", "township", "households",
             "population", "tea (mu)", "beds", fmt::format("to {} (min)", roads.name_of(hub)), "farthest (min)");
  for (std::size_t v = 0; v < roads.village_count(); ++v) {
    const auto& spec = s.world.villages[v];
    double farthest = 0;
    for (std::size_t u = 0; u < roads.village_count(); ++u) farthest = std::max(farthest, roads.travel_minutes(v, u));
    fmt::print("{:<18} {:<14} {:>10} {:>10} {:>9.0f} {:>6} {:>14.0f} {:>14.0f}\n", spec.name, spec.township,
               spec.households, spec.population, spec.tea_area_mu, spec.homestay_beds,
               roads.travel_minutes(v, hub), farthest);
  }
  return kExitOk;
}

int info_command(const std::vector<std::string>& files) {
  int status = kExitOk;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i > 0) fmt::print("\n");
    if (checkpoint::looks_like_checkpoint(files[i])) {  // not HDF5: read here
      try {
        const checkpoint::CheckpointInfo c = checkpoint::read_checkpoint_info(files[i]);
        fmt::print("checkpoint: {}\n", files[i]);
        fmt::print("  written by  yucun {}\n", c.model_version);
        fmt::print("  run         scenario '{}', seed {}, run {}\n", c.scenario_name, c.seed, c.run);
        fmt::print("  stands at   {}: {} of {} reported days done{}\n", c.next_day.to_string(), c.days_done, c.day_count,
                   c.spin_up_days > 0 ? fmt::format(", after a {}-day spin-up", c.spin_up_days) : std::string());
        fmt::print("  holds       the run's whole state{}\n",
                   c.has_series ? " and its reported days (a restart writes the whole file)" : "");
        fmt::print("  continue    yucun run SCENARIO -o OUT.h5 --restart {} (the same scenario, or one whose levers "
                   "differ only from {} on)\n",
                   files[i], c.next_day.to_string());
      } catch (const checkpoint::CheckpointError& e) {
        print_error(fmt::format("error: {}", e.what()));
        status = kExitBadInput;
      }
      continue;
    }
    // Each file is read in a child process: a damaged header can crash the
    // HDF5 library itself (crash_guard.hpp).
    const GuardedExit done = run_guarded([&] {
      try {
        fmt::print("{}", output::describe_result_file(files[i]));
        return kExitOk;
      } catch (const output::OutputError& e) {
        // Name the file, so that with several files the broken one is known.
        const std::string what = e.what();
        print_error(what.find(files[i]) == std::string::npos ? fmt::format("error: {}: {}", files[i], what)
                                                             : fmt::format("error: {}", what));
        return kExitBadInput;
      }
    });
    if (done.crashed)
      print_error(fmt::format("error: {}: the file is damaged: the HDF5 library failed reading its metadata ({}); "
                              "it cannot be read (rerun the run or copy it again)",
                              files[i], done.how));
    if (done.crashed || done.status != kExitOk) status = kExitBadInput;
  }
  return status;
}

}  // namespace yucun::cli
