#include "sim/model/levers_acting.hpp"

namespace yucun {

PolicyParams levers_acting_before(const PolicyParams& policies, Date first_reported, Date before) {
  PolicyParams out = policies;
  const Date last = before - 1;  // the last day whose state the checkpoint holds
  const auto acted = [&](const LeverWindow& w) {
    return w.enabled && first_reported <= last && w.start <= last && w.end >= first_reported;
  };
#define YUCUN_LEVER(key, Lever, header) \
  if (!acted(out.key)) out.key = Lever::Params{};
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
  return out;
}

}  // namespace yucun
