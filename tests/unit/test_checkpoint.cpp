// Checkpoints of a run (sim/io/checkpoint): a restored run continues bit for
// bit, with every lever running; branching needs the same scenario up to the
// checkpoint's day; damaged or foreign checkpoints are refused.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <vector>

#include "scenario_fixtures.hpp"
#include "sim/core/series.hpp"
#include "sim/experiments/parallel_runner.hpp"
#include "sim/experiments/run_checkpoints.hpp"
#include "sim/io/checkpoint/run_checkpoint.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/model/levers_acting.hpp"
#include "sim/model/simulation.hpp"
#include "yucun/version.hpp"

using namespace yucun;

namespace {

// Every one of the twelve levers on, from 2023-03-01 (the greenway from
// 2023-06-01, so that a lever switches on after the checkpoint too), on the
// baseline world, one reported year after a one-year spin-up.
const char* kAllLevers = R"(extends: integration_package.yaml
name: all-levers
calendar: {years: 1}
spin_up: {years: 1}
policies:
  brand: {start: 2023-03-01}
  marketing: {start: 2023-03-01}
  shuttle: {start: 2023-03-01}
  revenue_sharing: {start: 2023-03-01}
  talent: {start: 2023-03-01}
  tea_certification: {start: 2023-03-01}
  greenway:
    enabled: true
    start: 2023-06-01
    links:
      - {from: Yucun, to: Wuhe, km: 8.5, minutes: 12}
    capital_cost_yuan: 22500000
    cost_yuan_per_year: 1500000
  land_transfer: {enabled: true, start: 2023-03-01, share: 0.3, rent_yuan_per_mu_year: 600, yield_factor: 1.1,
                  subsidy_yuan_per_mu_year: 100}
  homestays: {enabled: true, start: 2023-03-01, villages: [Yucun], max_beds_per_village: 1300,
              quality_price_premium: 0.1, quality_satisfaction: 0.03, quality_cost_yuan_per_bed_year: 300}
  fees: {enabled: true, start: 2023-03-01, villages: [Yucun], ticket_yuan: 20, parking_yuan: 25}
  subsidies: {enabled: true, start: 2023-03-01, tea_yuan_per_mu_year: 150, homestay_investment_share: 0.3}
  dividends: {enabled: true, start: 2023-03-01, payout_ratio: 0.8, basis: households}
)";

Scenario all_levers() {
  return scenario::load_scenario_text(kAllLevers, "all-levers.yaml", std::string(YUCUN_SOURCE_DIR) + "/scenarios");
}

// Every value of a day, as bytes (so NaN compares equal to NaN).
std::vector<unsigned char> bytes_of(const DayIndicators& d) {
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i < d.specs().size(); ++i) {
    const auto add = [&out](const void* p, std::size_t n) {
      const auto* b = static_cast<const unsigned char*>(p);
      out.insert(out.end(), b, b + n);
    };
    if (d.specs()[i].kind == ValueKind::real) add(d.reals(i).data(), d.reals(i).size_bytes());
    else add(d.integers(i).data(), d.integers(i).size_bytes());
  }
  return out;
}

void step_days(Simulation& sim, int days, output::RunSeries* series = nullptr) {
  for (int i = 0; i < days && !sim.finished(); ++i) {
    sim.step();
    if (series) series->append_day(sim.indicators());
  }
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

TEST_CASE("a run restored from a checkpoint continues bit for bit, with every lever running") {
  const Scenario s = all_levers();
  const RunIdentity id{s.seed, 0};
  test::TempDir dir;
  const std::string file = (dir.path / "run.ckpt").string();

  Simulation original(s, id);
  output::RunSeries series(original.calendar().start(), original.day_count(), original.roads().village_count());
  step_days(original, 120, &series);  // 2023-05-01: ten levers running, the greenway still to come
  checkpoint::write_checkpoint(file, original, kVersion, &series);

  const checkpoint::CheckpointInfo info = checkpoint::read_checkpoint_info(file);
  CHECK(info.days_done == 120);
  CHECK(info.next_day == Date::from_ymd(2023, 5, 1));
  CHECK(info.has_series);
  CHECK(info.scenario_name == "all-levers");

  checkpoint::Restored restored = checkpoint::restore(file, s, id, kVersion);
  REQUIRE(restored.sim);
  REQUIRE(restored.series);
  CHECK(restored.series->days_appended() == 120);
  CHECK(restored.series->serialize() == series.serialize());
  Simulation& copy = *restored.sim;
  CHECK(copy.days_done() == 120);
  CHECK(copy.ledger().audit().sound());
  // Day by day to the end of the year: the greenway opens, the year closes.
  int days = 0;
  while (!original.finished()) {
    original.step();
    copy.step();
    REQUIRE(bytes_of(original.indicators()) == bytes_of(copy.indicators()));
    ++days;
  }
  CHECK(copy.finished());
  CHECK(days == 365 - 120);
  CHECK(copy.in_force().road_specs.size() == original.in_force().road_specs.size());
  CHECK(copy.ledger().audit().sound());
}

TEST_CASE("a checkpoint right after the spin-up starts any scenario that differs only in its levers") {
  test::TempDir dir;
  const std::string file = (dir.path / "spin-up.ckpt").string();
  const Scenario with_levers = all_levers();
  Scenario baseline = with_levers;
  baseline.name = "no-levers";
  baseline.policies = PolicyParams{};
  const RunIdentity id{with_levers.seed, 3};

  const Simulation spun(baseline, id);  // stands at day 0, after its spin-up
  checkpoint::write_checkpoint(file, spun, kVersion, nullptr);
  checkpoint::Restored branch = checkpoint::restore(file, with_levers, id, kVersion);
  CHECK_FALSE(branch.series);
  Simulation full(with_levers, id);
  int days = 0;
  while (!full.finished()) {
    full.step();
    branch.sim->step();
    REQUIRE(bytes_of(full.indicators()) == bytes_of(branch.sim->indicators()));
    ++days;
  }
  CHECK(days == 365);

  // Another replicate, another seed or another parameter: refused, saying why.
  CHECK_THROWS_WITH_AS(checkpoint::restore(file, with_levers, RunIdentity{with_levers.seed, 4}, kVersion),
                       doctest::Contains("run 3; this run is seed"), checkpoint::CheckpointError);
  Scenario other = with_levers;
  other.tourism.food_yuan += 1;
  CHECK_THROWS_WITH_AS(checkpoint::restore(file, other, id, kVersion), doctest::Contains("first at tourism.food_yuan"),
                       checkpoint::CheckpointError);
  CHECK_THROWS_WITH_AS(checkpoint::restore(file, with_levers, id, "0.0.0-other"), doctest::Contains("written by yucun"),
                       checkpoint::CheckpointError);
}

TEST_CASE("a lever that acted before the checkpoint's day must be the same to branch") {
  Scenario a = all_levers();
  const Date first = a.calendar.start;
  // On 2023-03-01 (the levers' start) nothing has acted yet: the levers do not matter.
  Scenario b = a;
  b.policies = PolicyParams{};
  CHECK(checkpoint::branch_key(a, Date::from_ymd(2023, 3, 1)) == checkpoint::branch_key(b, Date::from_ymd(2023, 3, 1)));
  CHECK(checkpoint::branch_key(a, Date::from_ymd(2023, 3, 2)) != checkpoint::branch_key(b, Date::from_ymd(2023, 3, 2)));
  // The greenway starts 2023-06-01: on 2023-05-01 only its parameters may differ.
  Scenario c = a;
  c.policies.greenway.cost_yuan_per_year *= 2;
  CHECK(checkpoint::branch_key(a, Date::from_ymd(2023, 5, 1)) == checkpoint::branch_key(c, Date::from_ymd(2023, 5, 1)));
  CHECK(checkpoint::branch_key(a, Date::from_ymd(2023, 6, 2)) != checkpoint::branch_key(c, Date::from_ymd(2023, 6, 2)));
  // Name and description never matter.
  c = a;
  c.name = "renamed";
  c.description = "another description";
  CHECK(checkpoint::branch_key(a, first) == checkpoint::branch_key(c, first));

  const PolicyParams kept = levers_acting_before(a.policies, first, Date::from_ymd(2023, 5, 1));
  CHECK(kept.brand.enabled);
  CHECK_FALSE(kept.greenway.enabled);  // put back to its defaults
  CHECK(kept.greenway.links.empty());
  // A lever whose window closed before the reported period never acted.
  Scenario d = a;
  d.policies.fees.start = Date::from_ymd(2020, 1, 1);
  d.policies.fees.end = Date::from_ymd(2022, 12, 31);
  CHECK_FALSE(levers_acting_before(d.policies, first, Date::from_ymd(2023, 5, 1)).fees.enabled);
}

TEST_CASE("damaged, truncated and foreign checkpoints are refused before anything is decoded") {
  test::TempDir dir;
  const Scenario s = scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", ".");
  const RunIdentity id{s.seed, 0};
  Simulation sim(s, id);
  step_days(sim, 40);
  const std::string file = (dir.path / "mini.ckpt").string();
  checkpoint::write_checkpoint(file, sim, kVersion, nullptr);
  const std::string good = read_bytes(file);
  REQUIRE(good.size() > 100);
  CHECK_NOTHROW(checkpoint::restore(file, s, id, kVersion));

  const std::string bad = (dir.path / "bad.ckpt").string();
  write_bytes(bad, good.substr(0, good.size() - 7));
  CHECK_THROWS_WITH_AS(checkpoint::restore(bad, s, id, kVersion), doctest::Contains("truncated or damaged"),
                       checkpoint::CheckpointError);
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x40;
  write_bytes(bad, flipped);
  CHECK_THROWS_WITH_AS(checkpoint::restore(bad, s, id, kVersion), doctest::Contains("checksum"),
                       checkpoint::CheckpointError);
  write_bytes(bad, "name: not a checkpoint\n");
  CHECK_THROWS_WITH_AS(checkpoint::read_checkpoint_info(bad), doctest::Contains("is not a yucun checkpoint"),
                       checkpoint::CheckpointError);
  CHECK_THROWS_AS(checkpoint::restore((dir.path / "absent.ckpt").string(), s, id, kVersion), checkpoint::CheckpointError);
  CHECK_THROWS_WITH_AS(checkpoint::restore(dir.path.string(), s, id, kVersion), doctest::Contains("not a regular file"),
                       checkpoint::CheckpointError);
}

TEST_CASE("checkpoint periods: simulated days, month or year ends, wall-clock time") {
  using experiments::parse_checkpoint_period;
  CHECK(parse_checkpoint_period("30d").days == 30);
  CHECK(parse_checkpoint_period("month").month_end);
  CHECK(parse_checkpoint_period("year").year_end);
  CHECK(parse_checkpoint_period("90s").seconds == 90);
  CHECK(parse_checkpoint_period("10min").seconds == 600);
  CHECK(parse_checkpoint_period("1.5h").seconds == 5400);
  for (const char* bad : {"", "d", "0d", "-3d", "2.5d", "30", "weekly", "5 min", "nanh"})
    CHECK_THROWS_WITH_AS(parse_checkpoint_period(bad), doctest::Contains("is not a checkpoint period"),
                         std::invalid_argument);
}

TEST_CASE("a sweep's runs that differ only in levers share one spin-up per seed and run, and equal runs of their own") {
  Scenario base = scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", ".");
  base.spin_up.years = 1;
  // Three points: no subsidy, and tea subsidies of 100 and 300 yuan a mu from the start.
  std::vector<experiments::RunPlan> plans;
  for (int point = 0; point < 3; ++point) {
    for (std::uint32_t replicate = 0; replicate < 2; ++replicate) {
      auto s = std::make_shared<Scenario>(base);
      if (point > 0) {
        s->policies.subsidies.enabled = true;
        s->policies.subsidies.tea_yuan_per_mu_year = point == 1 ? 100 : 300;
      }
      plans.push_back(experiments::RunPlan{plans.size(), s, RunIdentity{s->seed, replicate},
                                           experiments::RunPlan::Keep::all});
    }
  }
  const auto run_all = [&](const experiments::RunHooks& hooks) {
    std::vector<std::string> images(plans.size());
    std::mutex m;
    const std::atomic<bool> stop{false};
    const std::vector<std::uint64_t> runs = experiments::all_runs(plans.size());
    experiments::run_in_parallel(
        experiments::plans_from(plans), runs, stop,
        [&](std::uint64_t run, experiments::RunOutcome outcome) {
          REQUIRE(outcome.status == experiments::RunStatus::ok);
          std::lock_guard lock(m);
          images[run] = outcome.series->serialize();
        },
        hooks);
    return images;
  };
  const std::vector<std::string> own = run_all({});
  experiments::RunHooks shared;
  std::atomic<int> restored{0};
  const auto share = experiments::shared_spin_ups(8);
  shared.start = [&](const experiments::RunPlan& plan) {
    experiments::StartedRun started = share(plan);
    if (started.restored) ++restored;
    return started;
  };
  const std::vector<std::string> from_shared = run_all(shared);
  CHECK(restored.load() == 4);  // two spin-ups computed (one a replicate), four runs started from them
  for (std::size_t r = 0; r < plans.size(); ++r) CHECK(from_shared[r] == own[r]);
  CHECK(own[0] != own[2]);  // the subsidy matters
  CHECK(own[0] != own[1]);  // so does the replicate
}
