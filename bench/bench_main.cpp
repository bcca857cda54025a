// yucun_bench: one benchmark case, in-process. Builds the world (a scenario
// file, the built-in baseline or a synthetic scale-up), runs it for some days
// at a thread count, writes the HDF5 output, and reports agent-steps per
// second, the share of time spent on output, peak memory and the memory
// bandwidth a STREAM triad reaches in the same process. One case per process,
// so that the peak memory is the case's own (scripts/bench runs the set).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <unistd.h>

#include "bench/agent_state.hpp"
#include "bench/stream_triad.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/io/scenario/synthetic_world.hpp"
#include "yucun/version.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Peak resident memory of this process so far (VmHWM), bytes.
std::int64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

struct Options {
  std::string case_name;
  std::string scenario;            // file or @baseline; empty with households > 0
  std::int64_t households = 0;     // > 0: a synthetic world
  std::int64_t villages = 0;
  std::uint64_t world_seed = 1;
  int days = 0;                    // 0: the scenario's whole calendar
  int threads = 0;                 // 0: all cores
  std::string output;              // empty: a temporary file, removed afterwards
  bool no_output = false;
  bool phases = false;             // print the time of each daily phase
  std::size_t stream_mib = 128;    // per array; 0: no triad
  bool header = false;
  std::string commit;
};

yucun::Scenario build_scenario(const Options& o) {
  using namespace yucun;
  if (o.households > 0) {
    scenario::SyntheticWorldSpec spec;
    spec.households = o.households;
    spec.villages = o.villages;
    spec.seed = o.world_seed;
    if (o.days > 0) spec.years = std::max(1, static_cast<int>(std::ceil(o.days / 365.0)));
    return scenario::make_synthetic_world(spec);
  }
  return scenario::load_scenario(o.scenario.empty() ? std::string(scenario::kBuiltinBaselineName) : o.scenario);
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

// The scenario recorded in the result file, made in the writer's thread as
// `yucun run` does. For a large synthetic world (over 100 villages, about 550
// bytes of YAML a village) the file records how to rebuild it instead, and
// the YAML is not made at all.
yucun::output::RunMetadata recorded_scenario(const Options& o, const yucun::Scenario& s) {
  using namespace yucun;
  output::RunMetadata m{s.name, {}, s.seed, 0, kVersion};
  if (o.households > 0 && s.world.villages.size() > 100)
    m.scenario_yaml = fmt::format("# yucun generate --households {} --villages {} --seed {} (YAML not recorded)\n",
                                  o.households, s.world.villages.size(), o.world_seed);
  else
    m.scenario_yaml_source = [&s] { return scenario::to_yaml(s); };
  return m;
}

int run_case(const Options& o) {
  using namespace yucun;
  const int threads = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  const auto t_setup = Clock::now();
  const Scenario s = build_scenario(o);
  const double build_s = seconds_since(t_setup);
  const auto t_sim = Clock::now();
  Simulation sim(s, RunIdentity{s.seed, 0});
  const double construct_s = seconds_since(t_sim);
  const int days = o.days > 0 ? std::min(o.days, sim.day_count()) : sim.day_count();

  const std::string path = !o.output.empty()
                               ? o.output
                               : (std::filesystem::temp_directory_path() / fmt::format("yucun-bench-{}.h5", ::getpid())).string();
  std::optional<output::ResultWriter> writer;
  double write_s = 0;
  if (!o.no_output) {
    const auto t0 = Clock::now();
    writer.emplace(path,
                   output::ResultLayout{sim.calendar().start(), days, s.world.villages, s.world.roads, s.tourism.gateway},
                   recorded_scenario(o, s),
                   output::WriteOptions{.overwrite = true});
    write_s += seconds_since(t0);
  }

  // Each phase is timed where it runs (Simulation::step with a clock per
  // phase); collect_series' share is the output's part of the step.
  const auto& phases = Simulation::daily_phases();
  std::vector<double> phase_s(phases.size(), 0.0);
  std::size_t collect_phase = phases.size();
  for (std::size_t i = 0; i < phases.size(); ++i)
    if (std::string(phases[i].name) == "collect_series") collect_phase = i;

  double step_s = 0, collect_s = 0;
  std::int64_t household_steps = 0, party_steps = 0, firm_steps = 0, harvest_days = 0, parties_peak = 0, choice_rows = 0;
  const auto households = static_cast<std::int64_t>(sim.households().size());
  for (int day = 0; day < days; ++day) {
    const auto parties_before = static_cast<std::int64_t>(sim.parties().size_count());
    std::int64_t firms_open = 0;
    for (std::size_t f = 0; f < sim.firms().size(); ++f) firms_open += sim.firms().open[f];
    const auto t0 = Clock::now();
    sim.step(phase_s);
    step_s += seconds_since(t0);
    const DayIndicators& today = sim.indicators();
    const std::int64_t parties = parties_before + today.integer(series::parties_arrived);
    household_steps += households;
    party_steps += parties;
    firm_steps += firms_open;
    parties_peak = std::max(parties_peak, parties);
    harvest_days += today.integer(series::harvest_day);
    choice_rows += static_cast<std::int64_t>(sim.destination_choice().rows_filled());
    if (writer) {
      const auto t1 = Clock::now();
      writer->append_day(sim.indicators());
      write_s += seconds_since(t1);
    }
  }
  if (collect_phase < phases.size()) collect_s = phase_s[collect_phase];
  if (writer) {
    const auto t0 = Clock::now();
    writer->finish();
    write_s += seconds_since(t0);
  }
  std::error_code ec;
  const auto file_bytes = writer ? static_cast<std::int64_t>(std::filesystem::file_size(path, ec)) : 0;
  if (o.output.empty() && writer) std::filesystem::remove(path, ec);
  const std::int64_t peak_rss = peak_rss_bytes();

  const bench::StateBytes bytes = bench::state_bytes(sim);
  const std::int64_t agent_steps = household_steps + party_steps + firm_steps;
  const double run_s = step_s + write_s;
  const double setup_s = build_s + construct_s;
  const double per_s = run_s > 0 ? static_cast<double>(agent_steps) / run_s : 0.0;
  const double swept = bytes.household_day * static_cast<double>(household_steps) +
                       bytes.household_harvest_extra * static_cast<double>(households * harvest_days) +
                       bytes.party_day * static_cast<double>(party_steps) + bytes.firm_day * static_cast<double>(firm_steps);
  const double bytes_per_step = agent_steps > 0 ? swept / static_cast<double>(agent_steps) : 0.0;
  const std::size_t villages = s.world.villages.size();

  bench::TriadResult triad;
  if (o.stream_mib > 0) triad = bench::stream_triad(o.stream_mib * (std::size_t{1} << 20) / sizeof(double), 5);
  const double needed_gb_per_s = bytes_per_step * per_s / 1e9;

  std::string phase_json;
  for (std::size_t i = 0; i < phases.size(); ++i)
    phase_json += fmt::format("{}\"{}\":{:.4f}", i ? "," : "", phases[i].name, phase_s[i]);

  if (o.header)
    fmt::print("{:<22} {:>3} {:>9} {:>6} {:>5} {:>11} {:>10} {:>8} {:>8} {:>7} {:>8} {:>9} {:>7} {:>7}\n", "case", "thr",
               "househlds", "vill", "days", "agent-steps", "M steps/s", "ns/step", "run s", "setup s", "output%",
               "RSS B/hh", "B/step", "GB/s");
  fmt::print("{:<22} {:>3} {:>9} {:>6} {:>5} {:>11} {:>10.2f} {:>8.1f} {:>8.3f} {:>7.2f} {:>7.1f}% {:>9.0f} {:>7.0f} {:>7.1f}\n",
             o.case_name, threads, households, villages, days, agent_steps, per_s / 1e6,
             agent_steps > 0 ? 1e9 * run_s / static_cast<double>(agent_steps) : 0.0, run_s, setup_s,
             run_s > 0 ? 100.0 * (collect_s + write_s) / run_s : 0.0,
             static_cast<double>(peak_rss) / static_cast<double>(std::max<std::int64_t>(1, households)), bytes_per_step,
             triad.best_gb_per_s);
  fmt::print(
      "{{\"case\":\"{}\",\"commit\":\"{}\",\"threads\":{},\"households\":{},\"villages\":{},\"days\":{},"
      "\"agent_steps\":{},\"household_steps\":{},\"party_steps\":{},\"firm_steps\":{},\"parties_peak\":{},"
      "\"agent_steps_per_s\":{:.0f},\"ns_per_agent_step\":{:.2f},\"wall_s\":{:.4f},\"run_s\":{:.4f},\"setup_s\":{:.4f},"
      "\"scenario_s\":{:.4f},\"step_s\":{:.4f},\"collect_series_s\":{:.4f},\"write_s\":{:.4f},\"output_share\":{:.4f},"
      "\"output_file_bytes\":{},\"peak_rss_bytes\":{},\"peak_rss_per_household\":{:.1f},"
      "\"state_bytes_per_household\":{:.1f},\"state_bytes_per_party\":{:.1f},\"state_bytes_per_agent_step\":{:.1f},"
      "\"state_gb_per_s\":{:.3f},\"stream_triad_gb_per_s\":{:.3f},\"bandwidth_share\":{:.4f},"
      "\"choice_rows_per_day\":{:.1f},\"phase_s\":{{{}}}}}\n",
      json_escape(o.case_name), json_escape(o.commit), threads, households, villages, days, agent_steps, household_steps,
      party_steps, firm_steps, parties_peak, per_s, agent_steps > 0 ? 1e9 * run_s / static_cast<double>(agent_steps) : 0.0,
      setup_s + run_s, run_s, setup_s, build_s, step_s, collect_s, write_s,
      run_s > 0 ? (collect_s + write_s) / run_s : 0.0, file_bytes, peak_rss,
      static_cast<double>(peak_rss) / static_cast<double>(std::max<std::int64_t>(1, households)), bytes.per_household,
      bytes.per_party, bytes_per_step, needed_gb_per_s, triad.best_gb_per_s,
      triad.best_gb_per_s > 0 ? needed_gb_per_s / triad.best_gb_per_s : 0.0,
      days > 0 ? static_cast<double>(choice_rows) / days : 0.0, phase_json);
  if (o.phases)
    for (std::size_t i = 0; i < phases.size(); ++i)
      fmt::print("  phase {:<18} {:>8.3f} s {:>6.1f}% of the steps\n", phases[i].name, phase_s[i],
                 step_s > 0 ? 100.0 * phase_s[i] / step_s : 0.0);
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"yucun_bench: runs one benchmark case and prints a table row and a JSON line"};
  app.add_option("--case", o.case_name, "Name of the case in the output");
  app.add_option("--scenario", o.scenario, "Scenario file or @baseline (default: @baseline)");
  app.add_option("--households", o.households, "Run a synthetic world of this many households instead");
  app.add_option("--villages", o.villages, "Villages of the synthetic world (default: households / 500)");
  app.add_option("--world-seed", o.world_seed, "Seed of the synthetic world's layout");
  app.add_option("--days", o.days, "Simulated days (default: the whole scenario)");
  app.add_option("--threads", o.threads, "Worker threads (default: all cores)");
  app.add_option("--output", o.output, "Keep the HDF5 result here (default: a temporary file, removed)");
  app.add_flag("--no-output", o.no_output, "Write no HDF5 output");
  app.add_flag("--phases", o.phases, "Also print the time of each daily phase");
  app.add_option("--stream-mib", o.stream_mib, "MiB per STREAM triad array (0: no triad)");
  app.add_flag("--header", o.header, "Print the table header first");
  app.add_option("--commit", o.commit, "Label recorded in the JSON line (e.g. git describe)");
  CLI11_PARSE(app, argc, argv);
  if (o.case_name.empty())
    o.case_name = o.households > 0 ? fmt::format("synthetic-{}", o.households) : (o.scenario.empty() ? "baseline" : o.scenario);
  try {
    return run_case(o);
  } catch (const yucun::scenario::ScenarioError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
