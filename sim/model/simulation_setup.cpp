// Building the model's starting state: accounts, homestays, firms and jobs.
#include <algorithm>
#include <cmath>

#include "sim/model/simulation.hpp"

namespace yucun {

namespace {
double total_tea_mu(const std::vector<VillageSpec>& villages) {
  double mu = 0;
  for (const auto& v : villages) mu += v.tea_area_mu;
  return mu;
}

std::vector<double> attractiveness_of(const std::vector<VillageSpec>& villages) {
  std::vector<double> out;
  for (const auto& v : villages) out.push_back(v.attractiveness);
  return out;
}

// The tea-culture segment's extra pull towards villages with much tea.
std::vector<std::vector<double>> interest_bonus(const Scenario& s) {
  std::vector<double> tea;
  for (const auto& v : s.world.villages) tea.push_back(s.tourism.tea_interest_pull * std::log1p(v.tea_area_mu / 1000.0));
  return {tea};
}

constexpr std::uint64_t kSetupDay = 0;
}  // namespace

Simulation::Simulation(const Scenario& scenario, RunIdentity identity)
    : scenario_(scenario),
      identity_(identity),
      rng_(identity.seed, identity.run),
      calendar_(scenario.calendar),
      roads_(scenario.world.villages, scenario.world.roads),
      households_(build_households(scenario.world.villages, scenario.households,
                                   TeaSkillRanges{scenario.tea.picking.own_kg_per_day_min,
                                                  scenario.tea.picking.own_kg_per_day_max, scenario.tea.yield.plot_log_sd},
                                   rng_, ledger_)),
      tea_season_(scenario.tea, calendar_.first_year(), calendar_.last_year(), scenario.world.villages.size(), rng_),
      villages_(scenario.world.villages.size()),
      income_(households_.size(), villages_),
      choice_(roads_, attractiveness_of(scenario.world.villages), interest_bonus(scenario)),
      lodging_(villages_),
      indicators_(villages_) {
  calendar_.set_harvest_windows(tea_season_.windows());
  gateway_ = roads_.index_of(scenario.tourism.gateway).value_or(0);
  nearby_ = nearby_villages(roads_, scenario.tourism.lodging_radius_minutes);
  commute_area_ = nearby_villages(roads_, scenario.labour.commute_radius_minutes);
  picker_pool_ = static_cast<std::int64_t>(
      std::floor(total_tea_mu(scenario.world.villages) * scenario.tea.picking.migrant_pickers_per_mu));
  reputation_.assign(villages_, 1.0);
  crowding_.assign(villages_, 0.0);
  yesterday_visitors_.assign(villages_, 0.0);
  income_per_capita_.assign(villages_, 0.0);
  collective_income_year_.assign(villages_, 0);
  collective_costs_year_.assign(villages_, 0);
  lodging_revenue_year_.assign(villages_, 0);
  firm_profit_month_.assign(villages_ * kFirmKinds, 0);
  firms_count_month_.assign(villages_ * kFirmKinds, 0);
  local_wage_ = scenario.labour.local_wage_yuan;
  villages_now_ = scenario.world.villages;
  tourism_now_ = scenario.tourism;
  collective_income_month_.assign(villages_, 0);
  revenue_shared_today_.assign(villages_, 0);
  transferred_mu_.assign(villages_, 0.0);

  // The seasonal profile is normalised over each whole calendar year, so that
  // a year's expected arrivals equal the annual volume.
  for (int year = calendar_.first_year(); year <= calendar_.last_year(); ++year) {
    double sum = 0;
    for (Date d = Date::from_ymd(year, 1, 1); d.year() == year; d = d + 1) {
      sum += arrival_weight(d);
    }
    arrival_weight_sum_.push_back(sum);
  }

  open_accounts();
  build_homestays();
  build_firms();
  build_workers();
}

std::int64_t Simulation::village_population(std::size_t v) const {
  std::int64_t people = 0;
  for (std::size_t i = households_.begin_of(v); i != households_.end_of(v); ++i) people += households_.members[i];
  return people;
}

// A village's beds run by homestay enterprises; where no households live,
// enterprises run them all.
std::int64_t Simulation::enterprise_beds(std::size_t v) const {
  const VillageSpec& spec = scenario_.world.villages[v];
  if (households_.end_of(v) == households_.begin_of(v)) return spec.homestay_beds;
  return static_cast<std::int64_t>(std::llround(static_cast<double>(spec.homestay_beds) * scenario_.firms.firm_bed_share));
}

void Simulation::open_accounts() {
  // Processors with their season's working capital; the outside economy and
  // the public purse (both allowed to run negative) and the collective per village.
  for (const auto& village : scenario_.world.villages) {
    const double capital_yuan = village.tea_area_mu * scenario_.tea.processing.working_capital_yuan_per_mu;
    processors_.account.push_back(ledger_.open(AccountKind::tea_processor, std::llround(capital_yuan * kFenPerYuan)));
    outside_world_.push_back(ledger_.open(AccountKind::outside_world, 0));
    government_.push_back(ledger_.open(AccountKind::government, 0));
    const double cash = village.collective_assets_yuan * scenario_.collectives.opening_cash_share_of_assets;
    collectives_.push_back(ledger_.open(AccountKind::collective, std::llround(cash * kFenPerYuan)));
  }
  processors_.retail_stock_kg.assign(villages_, 0.0);
  processors_.stock_value_fen_per_kg.assign(villages_, 0.0);
  processors_.retail_price_fen_per_kg.assign(villages_, 0.0);
  collective_income_today_.assign(villages_, 0);
  dividends_today_.assign(villages_, 0);
}

// Household homestays: the village's beds not run by enterprises, in blocks,
// to households in a random order of their own draws.
void Simulation::build_homestays() {
  const FirmParams& f = scenario_.firms;
  homestay_households_.assign(villages_, {});
  for (std::size_t v = 0; v < villages_; ++v) {
    const std::int64_t total = scenario_.world.villages[v].homestay_beds;
    std::int64_t left = total - enterprise_beds(v);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    for (std::size_t i = households_.begin_of(v); i != households_.end_of(v); ++i)
      order.emplace_back(rng_.draw(Stream::firms, kSetupDay, i, Purpose::homestay_owner).word(0), static_cast<std::uint32_t>(i));
    std::sort(order.begin(), order.end());
    const auto block = static_cast<std::int64_t>(std::llround(f.beds_per_household_homestay));
    for (const auto& [priority, i] : order) {
      if (left <= 0) break;
      const std::int64_t beds = std::min(block, left);
      households_.homestay_beds[i] = static_cast<std::int32_t>(beds);
      homestay_households_[v].push_back(i);
      left -= beds;
    }
    // Villages with more beds than households' blocks can hold give the rest
    // to the hosts already chosen.
    for (std::size_t k = 0; left > 0 && !homestay_households_[v].empty(); k = (k + 1) % homestay_households_[v].size()) {
      const std::int64_t extra = std::min(block, left);
      households_.homestay_beds[homestay_households_[v][k]] += static_cast<std::int32_t>(extra);
      left -= extra;
    }
    std::sort(homestay_households_[v].begin(), homestay_households_[v].end());
  }
}

void Simulation::open_firm(FirmKind kind, std::uint32_t village, double capacity, std::int32_t owner_household) {
  const FirmParams& p = scenario_.firms;
  const AccountId account = ledger_.open(AccountKind::firm, 0);
  const AccountId owner = owner_household >= 0 ? households_.account[static_cast<std::size_t>(owner_household)]
                                                : outside_world_[village];
  ledger_.transfer(owner, account, std::llround(p.opening_cash_yuan * kFenPerYuan));
  firms_.add(kind, village, capacity, account, owner, owner_household, staff_needed(p, kind));
}

// Firms from each village's capacities; a share owned by one of its
// households (chosen by draw), the rest by outside investors. The opening
// cash of these existing firms comes from the outside world whoever owns
// them (assumption: the capital was sunk before the run starts); firms that
// enter later are paid for by their owner.
void Simulation::build_firms() {
  const FirmParams& p = scenario_.firms;
  std::uint64_t serial = 0;
  auto owner_for = [&](std::size_t v) -> std::int32_t {
    const Draws d = rng_.draw(Stream::firms, kSetupDay, serial++, Purpose::firm_owner);
    const std::size_t n = households_.end_of(v) - households_.begin_of(v);
    if (n == 0 || d.uniform(0) > p.local_owner_share) return -1;
    return static_cast<std::int32_t>(households_.begin_of(v) + d.below(1, n));
  };
  for (std::size_t v = 0; v < villages_; ++v) {
    const VillageSpec& spec = scenario_.world.villages[v];
    const auto village = static_cast<std::uint32_t>(v);
    if (spec.restaurant_seats > 0) {
      const auto n = static_cast<std::int64_t>(std::ceil(static_cast<double>(spec.restaurant_seats) / p.seats_per_restaurant));
      for (std::int64_t k = 0; k < n; ++k)
        open_firm(FirmKind::restaurant, village, static_cast<double>(spec.restaurant_seats) / static_cast<double>(n), -1);
    }
    const std::int64_t firm_beds = enterprise_beds(v);
    if (firm_beds > 0) {
      // Whole beds: the first firms take one more where they do not divide evenly.
      const auto n = std::max<std::int64_t>(1, std::llround(static_cast<double>(firm_beds) / p.beds_per_homestay_firm));
      for (std::int64_t k = 0; k < n; ++k)
        open_firm(FirmKind::homestay, village, static_cast<double>(firm_beds / n + (k < firm_beds % n ? 1 : 0)), -1);
    }
    for (std::int64_t k = 0; k < spec.activity_operators; ++k)
      open_firm(FirmKind::activity, village, p.activity_slots_per_operator, -1);
  }
  // Owners are settled after all firms exist so that the owner draw does not
  // depend on which kinds a village has.
  for (std::size_t f = 0; f < firms_.size(); ++f) {
    const std::int32_t owner = owner_for(firms_.village[f]);
    if (owner < 0) continue;
    firms_.owner_household[f] = owner;
    firms_.owner[f] = households_.account[static_cast<std::size_t>(owner)];
  }
  firm_index_.rebuild(firms_, villages_);
  refresh_bed_capacity();
}

void Simulation::refresh_bed_capacity() {
  has_activities_.assign(villages_, 0);
  for (std::size_t v = 0; v < villages_; ++v) {
    std::int64_t beds = 0, closing = 0;
    for (auto h : homestay_households_[v]) beds += households_.homestay_beds[h];
    for (auto f : firm_index_.of(v, FirmKind::homestay)) {
      const auto firm_beds = static_cast<std::int64_t>(std::llround(firms_.capacity[f]));
      beds += firm_beds;
      if (firms_.closing[f]) closing += firm_beds;
    }
    lodging_.set_capacity(v, beds, beds - closing);
    has_activities_[v] = firm_index_.of(v, FirmKind::activity).empty() ? 0 : 1;
  }
}

// One worker per working-age member; starting jobs drawn from the job logit
// without switching costs, with local firms hiring up to their needs.
void Simulation::build_workers() {
  workers_.household_begin.push_back(0);
  for (std::size_t h = 0; h < households_.size(); ++h) {
    for (int k = 0; k < households_.labour[h]; ++k) {
      workers_.household.push_back(static_cast<std::uint32_t>(h));
      workers_.state.push_back(JobState::own_business);
      workers_.employer.push_back(-1);
    }
    workers_.household_begin.push_back(workers_.size());
  }
  LabourParams start = scenario_.labour;
  start.switching_cost = 0;
  std::vector<double> commute(villages_);
  for (std::size_t v = 0; v < villages_; ++v) commute[v] = roads_.travel_minutes(v, gateway_);
  yucun::choose_jobs(workers_, firms_, households_.village, own_income_per_worker(), commute, start, job_offers(),
                     -1, rng_, &commute_area_);
  refresh_household_labour();
}

// Who is at home and who picks tea follows from the members' jobs.
void Simulation::refresh_household_labour() {
  const double employed = scenario_.tea.picking.employed_pick_share;
  for (std::size_t h = 0; h < households_.size(); ++h) {
    int migrants = 0;
    double pickers = 0;
    for (std::size_t i = workers_.household_begin[h]; i != workers_.household_begin[h + 1]; ++i) {
      switch (workers_.state[i]) {
        case JobState::migrant: ++migrants; break;
        case JobState::own_business: pickers += 1.0; break;
        case JobState::local_firm:
        case JobState::county_job: pickers += employed; break;
      }
    }
    households_.migrants[h] = static_cast<std::uint8_t>(migrants);
    households_.harvest_labour[h] = static_cast<float>(pickers);
  }
}

}  // namespace yucun
