#include "sim/model/households/private_enterprises.hpp"

#include <cmath>
#include <numeric>

namespace yucun {

PrivateEnterprises::PrivateEnterprises(const WorldParams& world, const EnterpriseParams& params,
                                       const Households& households, const RandomStreams& rng)
    : params_(params) {
  std::uint64_t serial = 0;
  for (std::size_t v = 0; v < world.villages.size(); ++v) {
    const std::int64_t count = world.villages[v].private_enterprises;
    const std::size_t first = households.begin_of(v), n = households.end_of(v) - first;
    if (count <= 0 || n == 0) continue;
    // A partial Fisher-Yates shuffle of the village's households: owners are
    // distinct until every household owns one.
    std::vector<std::uint32_t> pool(n);
    std::size_t left = 0;
    for (std::int64_t k = 0; k < count; ++k) {
      if (left == 0) {
        std::iota(pool.begin(), pool.end(), static_cast<std::uint32_t>(first));
        left = n;
      }
      const Draws d = rng.draw(Stream::population, 0, serial++, Purpose::enterprise_owner);
      const std::size_t pick = static_cast<std::size_t>(d.below(0, left));
      const std::uint32_t h = pool[pick];
      pool[pick] = pool[--left];
      owner_.push_back(h);
    }
  }
}

double PrivateEnterprises::profit_yuan_month(const Today& today, Date start) const {
  return params_.profit_yuan_per_year / 12.0 * std::pow(1.0 + params_.profit_growth_per_year, today.years_elapsed(start));
}

void PrivateEnterprises::pay_profits(const Frame& frame, const Households& households, IncomeBook& income) const {
  if (owner_.empty()) return;
  const Fen profit = to_fen(profit_yuan_month(frame.today, frame.calendar.start()));
  if (profit <= 0) return;
  for (const std::uint32_t h : owner_) {
    const std::size_t v = households.village[h];
    frame.ledger.transfer(frame.accounts.outside_world[v], households.account[h], profit);
    income.credit(h, v, IncomeSource::enterprise, profit);
  }
}

}  // namespace yucun
