#include "sim/model/households/households.hpp"

#include <algorithm>
#include <cmath>

namespace yucun {

namespace {
// Agent ids for random draws are global household indices.
constexpr std::uint64_t kSetupDay = 0;
}  // namespace

Households build_households(const std::vector<VillageSpec>& villages, const HouseholdParams& params,
                            const TeaSkillRanges& tea, const RandomStreams& rng, Ledger& ledger) {
  Households h;
  h.village_begin.push_back(0);
  std::uint64_t id = 0;
  for (std::size_t v = 0; v < villages.size(); ++v) {
    const VillageSpec& spec = villages[v];
    const double mean_size =
        spec.households > 0 ? static_cast<double>(spec.population) / static_cast<double>(spec.households) : 0.0;
    std::vector<double> plot_weight;
    for (std::int64_t i = 0; i < spec.households; ++i, ++id) {
      const Draws size = rng.draw(Stream::population, kSetupDay, id, Purpose::household_size);
      const int members = std::clamp(static_cast<int>(std::lround(mean_size + params.size_sd * size.normal(0))), 1, 12);
      int labour = 0;
      for (int m = 0; m < members; ++m)
        if (rng.draw(Stream::population, kSetupDay, id, Purpose::household_labour, static_cast<std::uint32_t>(m))
                .uniform(0) <= params.labour_share)
          ++labour;
      const Draws plot = rng.draw(Stream::population, kSetupDay, id, Purpose::tea_plot);
      const bool grows_tea = plot.uniform(0) <= params.tea_grower_share;
      plot_weight.push_back(grows_tea ? std::exp(params.tea_plot_log_sd * plot.normal(1)) : 0.0);
      const Draws skill = rng.draw(Stream::population, kSetupDay, id, Purpose::picker_skill);

      h.village.push_back(static_cast<std::uint32_t>(v));
      h.members.push_back(static_cast<std::uint8_t>(members));
      h.labour.push_back(static_cast<std::uint8_t>(labour));
      h.plot_quality.push_back(static_cast<float>(std::exp(tea.plot_log_sd * skill.normal(2))));
      h.own_kg_per_day.push_back(static_cast<float>(
          tea.own_kg_per_day_min + (tea.own_kg_per_day_max - tea.own_kg_per_day_min) * skill.uniform(0)));
      // Savings come once the household's income is known (HouseholdSector::open_savings).
      h.account.push_back(ledger.open(AccountKind::household, 0));
    }
    // Split the village's tea area among growers in proportion to their weights,
    // so the village total matches the data.
    double total_weight = 0;
    for (double w : plot_weight) total_weight += w;
    for (std::size_t i = 0; i < plot_weight.size(); ++i)
      h.tea_mu.push_back(total_weight > 0 ? static_cast<float>(spec.tea_area_mu * plot_weight[i] / total_weight) : 0.0f);
    h.village_begin.push_back(h.village.size());
  }
  const std::size_t n = h.size();
  h.homestay_beds.assign(n, 0);
  h.migrants.assign(n, 0);
  h.harvest_labour.assign(h.labour.begin(), h.labour.end());
  h.leaf_available_kg.assign(n, 0);
  h.own_picked_kg.assign(n, 0);
  h.pickers_wanted.assign(n, 0);
  h.pickers_hired.assign(n, 0);
  h.hired_picked_kg.assign(n, 0);
  return h;
}

}  // namespace yucun
