// The private enterprises outside tourism and tea that a village's households
// own (docs/ODD.md 7.27): in Yucun the firms villagers set up after the
// quarries and cement works closed in 2005, most of them since moved to the
// county's industrial parks. Their markets are outside the area and outside
// the model; each enterprise pays its owning household a profit at every
// month end, from the outside world, growing with the county economy. The
// owners' members work where the job choice puts them (a county job is also
// where an owner working in the family firm is counted), so the profit is
// the return beyond a wage, and it is not own-business work (7.16): it does
// not draw members home.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/model/households/enterprise_params.hpp"
#include "sim/model/households/households.hpp"
#include "sim/model/households/income_book.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

class PrivateEnterprises {
 public:
  // Each village's world.villages[].private_enterprises go to its households
  // by draw, at most one each while households last (then a second round).
  PrivateEnterprises(const WorldParams& world, const EnterpriseParams& params, const Households& households,
                     const RandomStreams& rng);

  std::size_t size() const { return owner_.size(); }
  std::uint32_t owner(std::size_t e) const { return owner_[e]; }
  // One enterprise's profit a month at today's level, yuan.
  double profit_yuan_month(const Today& today, Date start) const;
  // Month end: every enterprise pays its owner the month's profit.
  void pay_profits(const Frame& frame, const Households& households, IncomeBook& income) const;

 private:
  EnterpriseParams params_;
  std::vector<std::uint32_t> owner_;  // household per enterprise, in village order
};

}  // namespace yucun
