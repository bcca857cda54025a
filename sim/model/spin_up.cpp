#include "sim/model/spin_up.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/model/shared/series.hpp"

namespace yucun {

int spin_up_days(Date start, int years) {
  if (years <= 0) return 0;
  return start - MonthDay{start.month(), start.day()}.in_year(start.year() - years);
}

namespace {
template <class Handle> double village_sum(const DayIndicators& d, Handle s) {
  double sum = 0;
  for (std::size_t v = 0; v < d.villages(); ++v) {
    if constexpr (Handle::kind == ValueKind::real) sum += d.real(s, v);
    else sum += static_cast<double>(d.integer(s, v));
  }
  return sum;
}
}  // namespace

void SpinUpTrace::observe(const DayIndicators& d, const Today& today) {
  arrivals_month_ += static_cast<double>(d.integer(series::persons_arrived));
  ++days_month_;
  if (!today.month_end) return;
  std::array<double, count> row{};
  const double own = village_sum(d, series::workers_own_business), local = village_sum(d, series::workers_local_firm),
               county = village_sum(d, series::workers_county_job), away = village_sum(d, series::migrants_away);
  const double workers = own + local + county + away;
  const auto share = [&](double x) { return workers > 0 ? x / workers : 0.0; };
  row[own_business_share] = share(own);
  row[local_firm_share] = share(local);
  row[county_job_share] = share(county);
  row[migrant_share] = share(away);
  const double daily_arrivals = arrivals_month_ / std::max(1, days_month_);
  row[beds_per_arrival] = daily_arrivals > 0 ? village_sum(d, series::beds) / daily_arrivals : 0.0;
  const double income = d.real(series::rural_income_per_capita) * population_;
  row[deposits_over_income] = income > 0 ? village_sum(d, series::household_deposits) / kFenPerYuan / income
                                         : std::numeric_limits<double>::quiet_NaN();
  row[firms_open] = village_sum(d, series::firms_open);
  row[reputation] = d.villages() > 0 ? village_sum(d, series::reputation) / static_cast<double>(d.villages()) : 0.0;
  row[rural_income] = d.real(series::rural_income_per_capita);
  rows_.push_back(row);
  arrivals_month_ = 0;
  days_month_ = 0;
}

double SpinUpTrace::last_year_drift() const {
  if (rows_.size() < 24) return std::numeric_limits<double>::quiet_NaN();
  double worst = 0;
  for (std::size_t r = 0; r < count; ++r) {
    double last = 0, before = 0;
    for (std::size_t m = rows_.size() - 24; m < rows_.size() - 12; ++m) before += rows_[m][r];
    for (std::size_t m = rows_.size() - 12; m < rows_.size(); ++m) last += rows_[m][r];
    if (std::isnan(last) || std::isnan(before) || before == 0) continue;
    worst = std::max(worst, std::abs(last / before - 1.0));
  }
  return worst;
}

}  // namespace yucun
