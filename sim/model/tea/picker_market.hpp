// The daily market for migrant tea pickers: a limited pool shared among the
// households that want to hire and the village cooperatives farming leased
// land (land transfer), all at the same wage.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/households/households.hpp"

namespace yucun {

struct PickerMarketResult {
  std::int64_t wanted = 0;
  std::int64_t supply = 0;
  std::int64_t hired = 0;
};

// Phase `hire_pickers`: when demand exceeds the pool every buyer gets the
// same share of what it wanted (rounded down), so the outcome depends on no
// ordering. Fills households' pickers_hired and hired_picked_kg. Buyers other
// than households (the cooperatives, per village) want `others_wanted` and
// get `others_hired` (resized to match), rationed in the same pool.
PickerMarketResult hire_pickers(Households& households, std::int64_t supply, double hired_kg_per_day,
                                const std::vector<std::int64_t>& others_wanted = {},
                                std::vector<std::int64_t>* others_hired = nullptr);

}  // namespace yucun
