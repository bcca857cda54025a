// Monthly and yearly accounts: wages, transfers, consumption, firms' books,
// entry and exit, dividends, cooperative payouts and homestay investment.
// These run once a month or year over all agents, serially: they are cheap
// next to the daily phases and touch accounts across villages.
#include <algorithm>
#include <cmath>

#include <tbb/parallel_sort.h>

#include "sim/model/simulation.hpp"

namespace yucun {

namespace {
Fen to_fen(double yuan) { return static_cast<Fen>(std::llround(yuan * kFenPerYuan)); }
}  // namespace

JobOffers Simulation::job_offers() const {
  const LabourParams& l = scenario_.labour;
  const double growth = std::pow(1.0 + l.wage_growth_per_year, years_elapsed());
  return JobOffers{local_wage_, l.county_wage_yuan * growth,
                   l.city_wage_yuan * growth * event_multiplier("city_wage", gateway_)};
}

// Monthly income per own-business worker from the household's farm, homestay
// and firms: last year's, or at the start an estimate from its tea plot and beds.
std::vector<double> Simulation::own_income_per_worker() const {
  std::vector<double> out(households_.size());
  const bool have_year = day_ >= 365;
  const TeaParams& tea = scenario_.tea;
  for (std::size_t h = 0; h < households_.size(); ++h) {
    double yuan_per_year = 0;
    if (have_year) {
      yuan_per_year = static_cast<double>(income_.last_year_own_business(h)) / kFenPerYuan;
    } else {
      // Assumption for the first year: leaf worth the floor price on 70% of
      // the potential yield, and beds let a quarter of the nights.
      const double leaf = households_.tea_mu[h] * tea.yield.dry_kg_per_mu * tea.yield.fresh_to_dry_ratio * 0.7 *
                          tea.price.floor_yuan_per_kg;
      const double beds = households_.homestay_beds[h] *
                          scenario_.world.villages[households_.village[h]].bed_price_yuan * 365 * 0.25 *
                          (1.0 - scenario_.tourism.homestay_cost_share);
      yuan_per_year = leaf + beds;
    }
    std::size_t own = 0;
    for (std::size_t i = workers_.household_begin[h]; i != workers_.household_begin[h + 1]; ++i)
      if (workers_.state[i] == JobState::own_business) ++own;
    out[h] = yuan_per_year / 12.0 / static_cast<double>(std::max<std::size_t>(1, own));
  }
  return out;
}

void Simulation::pay_wages_and_transfers() {
  const LabourParams& l = scenario_.labour;
  const JobOffers offers = job_offers();
  const Fen local_wage = to_fen(offers.local_wage);
  const Fen remittance = to_fen(offers.city_wage * l.remittance_share);
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const std::size_t h = workers_.household[i];
    const std::size_t v = households_.village[h];
    const AccountId account = households_.account[h];
    switch (workers_.state[i]) {
      case JobState::local_firm: {
        if (workers_.employer[i] < 0) break;
        const auto f = static_cast<std::size_t>(workers_.employer[i]);
        const Fen pay = std::min(local_wage, ledger_.balance(firms_.account[f]));
        ledger_.transfer(firms_.account[f], account, pay);
        firms_.costs_month[f] += local_wage;  // owed in full: a shortfall is a loss
        income_.credit(h, v, IncomeSource::wage, pay);
        break;
      }
      case JobState::county_job: {
        const Fen pay = to_fen(std::max(0.0, offers.county_wage - l.commute_yuan_per_minute * roads_.travel_minutes(v, gateway_)));
        ledger_.transfer(outside_world_[v], account, pay);
        income_.credit(h, v, IncomeSource::wage, pay);
        break;
      }
      case JobState::migrant:
        ledger_.transfer(outside_world_[v], account, remittance);
        income_.credit(h, v, IncomeSource::remittance, remittance);
        break;
      case JobState::own_business:
        break;
    }
  }
  const HouseholdBudgetParams& b = scenario_.budgets;
  const Fen transfer = to_fen(b.transfer_yuan_per_dependant_month);
  for (std::size_t h = 0; h < households_.size(); ++h) {
    const std::size_t v = households_.village[h];
    const AccountId account = households_.account[h];
    const Fen benefits = transfer * (households_.members[h] - households_.labour[h]);
    ledger_.transfer(government_[v], account, benefits);
    income_.credit(h, v, IncomeSource::transfer, benefits);
    public_spending_today_ += benefits;
  }
  const CollectiveParams& c = scenario_.collectives;
  for (std::size_t v = 0; v < villages_; ++v) {
    const Fen services = to_fen(c.service_cost_yuan_per_resident_year / 12.0 * static_cast<double>(village_population(v)));
    const Fen paid = std::min(services, ledger_.balance(collectives_[v]));
    ledger_.transfer(collectives_[v], outside_world_[v], paid);
    collective_costs_year_[v] += paid;
  }
}

// Month end, after every income of the month is booked: a floor per member at
// home plus a share of the month's income, as far as savings allow.
void Simulation::household_consumption() {
  const HouseholdBudgetParams& b = scenario_.budgets;
  for (std::size_t h = 0; h < households_.size(); ++h) {
    const AccountId account = households_.account[h];
    const double month_income = static_cast<double>(std::max<Fen>(0, income_.this_month(h)));
    const Fen spend = to_fen(b.consumption_yuan_per_person_month * (households_.members[h] - households_.migrants[h])) +
                      static_cast<Fen>(std::llround(b.consumption_income_share * month_income));
    ledger_.transfer(account, outside_world_[households_.village[h]], std::min(spend, ledger_.balance(account)));
  }
}

void Simulation::settle_firms() {
  const FirmParams& p = scenario_.firms;
  std::fill(firm_profit_month_.begin(), firm_profit_month_.end(), 0);
  std::fill(firms_count_month_.begin(), firms_count_month_.end(), 0);
  bool closed_any = false, closing_any = false;
  std::vector<std::int64_t> beds_closing(villages_, 0);  // this month, not yet out of the capacity
  for (std::size_t f = 0; f < firms_.size(); ++f) {
    if (!firms_.open[f]) continue;
    const std::size_t v = firms_.village[f];
    const AccountId account = firms_.account[f];
    const Fen lease_due = monthly_lease_fen(p, firms_.kind[f], firms_.capacity[f]);
    const Fen lease = std::min(lease_due, ledger_.balance(account));
    ledger_.transfer(account, collectives_[v], lease);
    collective_income_today_[v] += lease;
    collective_income_year_[v] += lease;
    collective_income_month_[v] += lease;
    firms_.costs_month[f] += lease_due;  // owed in full: unpaid rent is a loss
    const Fen profit = firms_.revenue_month[f] - firms_.costs_month[f];
    firms_.loss_months[f] = profit < 0 ? firms_.loss_months[f] + 1 : 0;
    const std::size_t slot = v * kFirmKinds + static_cast<std::size_t>(firms_.kind[f]);
    firm_profit_month_[slot] += profit;
    ++firms_count_month_[slot];
    // Cash beyond a few months of costs goes to the owner.
    const Fen buffer = static_cast<Fen>(std::llround(p.cash_buffer_months * static_cast<double>(firms_.costs_month[f])));
    const Fen payout = ledger_.balance(account) - std::max(buffer, to_fen(p.opening_cash_yuan));
    auto pay_owner = [&](Fen amount) {
      if (amount <= 0) return;
      ledger_.transfer(account, firms_.owner[f], amount);
      if (firms_.owner_household[f] >= 0)
        income_.credit(static_cast<std::size_t>(firms_.owner_household[f]),
                       households_.village[static_cast<std::size_t>(firms_.owner_household[f])], IncomeSource::business,
                       amount);
    };
    pay_owner(payout);
    firms_.revenue_month[f] = 0;
    firms_.costs_month[f] = 0;

    // Exit after sustained losses. A homestay enterprise first stops taking
    // bookings and closes at a later month end, once no booked guest needs its beds.
    if (firms_.loss_months[f] < p.loss_months_to_exit && !firms_.closing[f]) continue;
    const auto firm_beds = firms_.kind[f] == FirmKind::homestay ? static_cast<std::int64_t>(std::llround(firms_.capacity[f])) : 0;
    if (firm_beds > 0 && !firms_.closing[f]) {
      firms_.closing[f] = 1;
      closing_any = true;
      continue;
    }
    if (firm_beds > 0 && lodging_.booked_peak(v) > lodging_.capacity(v) - beds_closing[v] - firm_beds) continue;
    beds_closing[v] += firm_beds;
    firms_.open[f] = 0;
    closed_any = true;
    pay_owner(ledger_.balance(account));
    for (std::size_t i = 0; i < workers_.size(); ++i)
      if (workers_.employer[i] == static_cast<std::int32_t>(f)) {
        workers_.employer[i] = -1;
        workers_.state[i] = JobState::county_job;
      }
    firms_.staff[f] = 0;
  }
  if (closed_any) {
    firm_index_.rebuild(firms_, villages_);
    refresh_household_labour();
  }
  if (closed_any || closing_any) refresh_bed_capacity();
}

// A new firm enters a village where last month's firms of its kind made, on
// average, more than the entry threshold a year. Its owner is a village
// household with the cash (by draw), else an outside investor.
void Simulation::enter_firms() {
  const FirmParams& p = scenario_.firms;
  const Fen opening = to_fen(p.opening_cash_yuan);
  bool opened = false;
  for (std::size_t v = 0; v < villages_; ++v) {
    for (std::size_t k = 0; k < kFirmKinds; ++k) {
      const std::size_t slot = v * kFirmKinds + k;
      if (firms_count_month_[slot] == 0) continue;
      const double yearly = 12.0 * static_cast<double>(firm_profit_month_[slot]) /
                            static_cast<double>(firms_count_month_[slot]) / kFenPerYuan;
      if (yearly <= p.entry_profit_yuan_per_year) continue;
      const auto kind = static_cast<FirmKind>(k);
      const double capacity = kind == FirmKind::restaurant ? p.seats_per_restaurant
                              : kind == FirmKind::homestay ? p.beds_per_homestay_firm
                                                           : p.activity_slots_per_operator;
      if (kind == FirmKind::homestay && static_cast<double>(lodging_.capacity(v)) + capacity > bed_cap(v)) continue;
      const Draws d = rng_.draw(Stream::firms, static_cast<std::uint64_t>(day_), slot, Purpose::firm_entry);
      std::int32_t owner = -1;
      if (d.uniform(0) <= p.local_owner_share) {
        const std::size_t n = households_.end_of(v) - households_.begin_of(v);
        for (std::size_t tries = 0; n > 0 && tries < 8 && owner < 0; ++tries) {
          const std::size_t h = households_.begin_of(v) + (d.word(1) + tries * 7919) % n;
          if (ledger_.balance(households_.account[h]) >= opening) owner = static_cast<std::int32_t>(h);
        }
      }
      open_firm(kind, static_cast<std::uint32_t>(v), capacity, owner);
      opened = true;
    }
  }
  if (opened) {
    firm_index_.rebuild(firms_, villages_);
    refresh_bed_capacity();
  }
}

// Year end: dry tea left in stock goes to the outside market, and the
// processor's cash beyond its working capital is paid to the village's tea
// growers by their tea area (the cooperative's surplus).
void Simulation::pay_cooperative_surplus() {
  const TeaParams& tea = scenario_.tea;
  for (std::size_t v = 0; v < villages_; ++v) {
    const AccountId processor = processors_.account[v];
    const Fen stock_value = static_cast<Fen>(std::llround(processors_.retail_stock_kg[v] * processors_.stock_value_fen_per_kg[v]));
    ledger_.transfer(outside_world_[v], processor, stock_value);
    processors_.retail_stock_kg[v] = 0;
    const Fen capital = to_fen(scenario_.world.villages[v].tea_area_mu * tea.processing.working_capital_yuan_per_mu);
    const Fen surplus = ledger_.balance(processor) - capital;
    if (surplus <= 0) continue;
    std::vector<double> mu;
    for (std::size_t i = households_.begin_of(v); i != households_.end_of(v); ++i) mu.push_back(households_.tea_mu[i]);
    const auto shares = split_proportional(surplus, mu);
    for (std::size_t k = 0; k < shares.size(); ++k) {
      if (shares[k] == 0) continue;
      const std::size_t h = households_.begin_of(v) + k;
      ledger_.transfer(processor, households_.account[h], shares[k]);
      income_.credit(h, v, IncomeSource::tea, shares[k]);
    }
  }
}

// Year end: the collective pays a share of the year's profit to its members
// (every registered resident, through their households).
void Simulation::pay_collective_dividends() {
  const CollectiveParams& c = scenario_.collectives;
  const DividendPolicy& rule = scenario_.policies.dividends;
  const double payout_ratio = active_.dividends ? rule.payout_ratio : c.payout_ratio;
  const bool by_household = active_.dividends && rule.basis == "households";
  for (std::size_t v = 0; v < villages_; ++v) {
    const Fen profit = collective_income_year_[v] - collective_costs_year_[v];
    const Fen dividend = std::min(static_cast<Fen>(std::llround(payout_ratio * static_cast<double>(std::max<Fen>(0, profit)))),
                                  ledger_.balance(collectives_[v]));
    if (dividend <= 0) continue;
    if (households_.end_of(v) == households_.begin_of(v)) continue;  // no members to pay
    std::vector<double> members;
    for (std::size_t i = households_.begin_of(v); i != households_.end_of(v); ++i)
      members.push_back(by_household ? 1.0 : households_.members[i]);
    const auto shares = split_proportional(dividend, members);
    for (std::size_t k = 0; k < shares.size(); ++k) {
      const std::size_t h = households_.begin_of(v) + k;
      ledger_.transfer(collectives_[v], households_.account[h], shares[k]);
      income_.credit(h, v, IncomeSource::dividend, shares[k]);
    }
    dividends_today_[v] = dividend;
  }
}

// Year end: some households review opening or adding a homestay block. They
// invest when last year's net takings per bed in their village, spread over
// the beds there would be, repay the cost within the payback period, and
// their savings cover it.
void Simulation::invest_in_homestays() {
  const HouseholdBudgetParams& b = scenario_.budgets;
  const auto block = static_cast<std::int32_t>(std::llround(b.homestay_beds_per_investment));
  // A homestay subsidy pays part of the cost; the household weighs its own part.
  const double subsidy_share = active_.subsidies ? scenario_.policies.subsidies.homestay_investment_share : 0.0;
  const Fen full_cost = to_fen(b.homestay_cost_per_bed_yuan * block);
  const Fen subsidy = static_cast<Fen>(std::llround(subsidy_share * static_cast<double>(full_cost)));
  const Fen cost = full_cost - subsidy;
  const double own_cost_per_bed = b.homestay_cost_per_bed_yuan * (1.0 - subsidy_share);
  bool changed = false;
  for (std::size_t v = 0; v < villages_; ++v) {
    std::int64_t beds = lodging_.capacity(v);
    if (beds <= 0) continue;  // no market observed yet
    for (std::size_t h = households_.begin_of(v); h != households_.end_of(v); ++h) {
      const Draws d = rng_.draw(Stream::jobs, static_cast<std::uint64_t>(day_), h, Purpose::investment);
      if (d.uniform(0) > b.investment_review_share) continue;
      const double net_per_bed = static_cast<double>(lodging_revenue_year_[v]) / kFenPerYuan /
                                 static_cast<double>(beds + block) * (1.0 - scenario_.tourism.homestay_cost_share);
      if (net_per_bed <= 0 || own_cost_per_bed / net_per_bed > b.homestay_payback_years) break;
      if (static_cast<double>(beds + block) > bed_cap(v)) break;  // licensing cap
      if (ledger_.balance(households_.account[h]) < cost) continue;
      ledger_.transfer(households_.account[h], outside_world_[v], cost);
      spend_public(subsidy);
      if (households_.homestay_beds[h] == 0) homestay_households_[v].push_back(static_cast<std::uint32_t>(h));
      households_.homestay_beds[h] += block;
      beds += block;
      changed = true;
    }
    std::sort(homestay_households_[v].begin(), homestay_households_[v].end());
  }
  if (changed) refresh_bed_capacity();
}

// Month end: per-capita income over the past twelve months (annualised while
// fewer have passed), its Gini across households, and area and village means.
void Simulation::update_income_statistics() {
  const double annualise = 12.0 / income_.months_recorded();
  std::vector<double> per_capita(households_.size());
  double area_income = 0, area_people = 0;
  for (std::size_t v = 0; v < villages_; ++v) {
    double income = 0, people = 0;
    for (std::size_t h = households_.begin_of(v); h != households_.end_of(v); ++h) {
      const double yuan = static_cast<double>(income_.rolling_year(h)) / kFenPerYuan * annualise;
      per_capita[h] = std::max(0.0, yuan / households_.members[h]);
      income += yuan;
      people += households_.members[h];
    }
    income_per_capita_[v] = people > 0 ? income / people : 0.0;
    area_income += income;
    area_people += people;
  }
  rural_income_per_capita_ = area_people > 0 ? area_income / area_people : 0.0;
  // Households ranked by per-capita income, for the Gini and the deciles.
  // (Sorted doubles are one sequence however the sort splits the work.)
  tbb::parallel_sort(per_capita.begin(), per_capita.end());
  gini_ = gini_of_sorted(per_capita);
  double total = 0;
  for (double x : per_capita) total += x;
  const std::size_t n = per_capita.size();
  for (std::size_t d = 0; d < kDeciles; ++d) {
    const std::size_t first = d * n / kDeciles, last = (d + 1) * n / kDeciles;
    double sum = 0;
    for (std::size_t i = first; i < last; ++i) sum += per_capita[i];
    decile_share_[d] = total > 0 ? sum / total : 0.0;
    decile_per_capita_[d] = last > first ? sum / static_cast<double>(last - first) : 0.0;
  }
}

}  // namespace yucun
