#include "sim/model/tea/picker_market.hpp"

#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

namespace yucun {

PickerMarketResult hire_pickers(Households& h, std::int64_t supply, double hired_kg_per_day) {
  using Range = tbb::blocked_range<std::size_t>;
  const std::int64_t wanted = tbb::parallel_reduce(
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

  const std::int64_t hired = tbb::parallel_reduce(
      Range(0, h.size()), std::int64_t{0},
      [&](const Range& r, std::int64_t sum) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) sum += h.pickers_hired[i];
        return sum;
      },
      [](std::int64_t a, std::int64_t b) { return a + b; });
  return PickerMarketResult{wanted, supply, hired};
}

}  // namespace yucun
