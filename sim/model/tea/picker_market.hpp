// The daily market for migrant tea pickers: a limited pool shared among the
// households that want to hire.
#pragma once

#include <cstdint>

#include "sim/model/households/households.hpp"

namespace yucun {

struct PickerMarketResult {
  std::int64_t wanted = 0;
  std::int64_t supply = 0;
  std::int64_t hired = 0;
};

// Phase `hire_pickers`: when demand exceeds the pool every household gets the
// same share of what it wanted (rounded down), so the outcome depends on no
// ordering. Fills pickers_hired and hired_picked_kg.
PickerMarketResult hire_pickers(Households& households, std::int64_t supply, double hired_kg_per_day);

}  // namespace yucun
