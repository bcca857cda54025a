// Lever `fees`: entry and parking fees charged by the villages' collectives.
// A negative value keeps the village's own fee.
#pragma once

#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct FeePolicy : LeverWindow {
  std::vector<std::string> villages;
  double ticket_yuan = -1;
  double parking_yuan = -1;
};

template <class V> void fields(FeePolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("ticket_yuan", p.ticket_yuan, between(-1, 1e4));
  v("parking_yuan", p.parking_yuan, between(-1, 1e4));
}

class FeesLever {
 public:
  using Params = FeePolicy;
  explicit FeesLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams& world, LeverProblems& out) {
    check_window(p, out);
    check_villages("villages", p.villages, world, out);
  }

  void put_in_force(InForce& in, const WorldParams& world, std::size_t) const {
    if (p_.ticket_yuan >= 0)
      for (std::size_t v = 0; v < in.ticket_yuan.size(); ++v)
        if (lever_applies(p_.villages, world, v)) in.ticket_yuan[v] = p_.ticket_yuan;
    if (p_.parking_yuan >= 0) in.parking_yuan = p_.parking_yuan;
  }

 private:
  const Params& p_;
};

}  // namespace yucun
