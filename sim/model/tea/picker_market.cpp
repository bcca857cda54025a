#include "sim/model/tea/picker_market.hpp"

#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

namespace yucun {

PickerMarketResult hire_pickers(Households& h, std::int64_t supply, double hired_kg_per_day,
                                const std::vector<std::int64_t>& others_wanted, std::vector<std::int64_t>* others_hired) {
  using Range = tbb::blocked_range<std::size_t>;
  std::int64_t others = 0;
  for (const std::int64_t w : others_wanted) others += w;
  const std::int64_t wanted = others + tbb::parallel_reduce(
      Range(0, h.size()), std::int64_t{0},
      [&](const Range& r, std::int64_t sum) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) sum += h.pickers_wanted[i];
        return sum;
      },
      [](std::int64_t a, std::int64_t b) { return a + b; });

  tbb::parallel_for(Range(0, h.size()), [&](const Range& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const std::int64_t want = h.pickers_wanted[i];
      const std::int64_t got = wanted <= supply ? want : want * supply / wanted;
      h.pickers_hired[i] = static_cast<std::uint32_t>(got);
      const double shortfall = std::max(0.0f, h.leaf_available_kg[i] - h.own_picked_kg[i]);
      h.hired_picked_kg[i] = static_cast<float>(std::min(shortfall, static_cast<double>(got) * hired_kg_per_day));
    }
  });

  std::int64_t others_got = 0;
  if (others_hired != nullptr) {
    others_hired->assign(others_wanted.size(), 0);
    for (std::size_t k = 0; k < others_wanted.size(); ++k) {
      const std::int64_t want = others_wanted[k];
      (*others_hired)[k] = wanted <= supply ? want : want * supply / wanted;
      others_got += (*others_hired)[k];
    }
  }
  const std::int64_t hired = others_got + tbb::parallel_reduce(
      Range(0, h.size()), std::int64_t{0},
      [&](const Range& r, std::int64_t sum) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) sum += h.pickers_hired[i];
        return sum;
      },
      [](std::int64_t a, std::int64_t b) { return a + b; });
  return PickerMarketResult{wanted, supply, hired};
}

}  // namespace yucun
