// Lever `talent`: a talent programme. Each year end `entrepreneurs_per_year`
// migrant members return home (villages other than the core first, in an
// order drawn each year) to own-business work, and each opens an activity
// operator or restaurant. The start-up grant is public spending on the new
// firm, not household income: the public purse pays `startup_grant_yuan`
// (at most the firm's opening cash, firms.opening_cash_yuan at today's
// prices) into the firm's opening capital, earmarked through the owner's
// account and invested at once, and the household's savings pay the rest of
// the opening cash. A returnee whose household cannot pay that rest opens no
// firm and gets no grant. Cost: grant x firms opened, booked as policy
// spending; nothing is credited to household income.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/core/enum_names.hpp"
#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

enum class TalentBusiness : std::uint8_t { activity, restaurant };

template <> struct EnumNames<TalentBusiness> {
  static constexpr std::string_view noun = "value";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, TalentBusiness>, 2> names{{
      {"activity", TalentBusiness::activity},
      {"restaurant", TalentBusiness::restaurant},
  }};
};

struct TalentPolicy : LeverWindow {
  double entrepreneurs_per_year = 20;
  double startup_grant_yuan = 100000;
  TalentBusiness business = TalentBusiness::activity;
};

template <class V> void fields(TalentPolicy& p, V&& v) {
  window_fields(p, v);
  v("entrepreneurs_per_year", p.entrepreneurs_per_year, between(0, 1e5));
  v("startup_grant_yuan", p.startup_grant_yuan, between(0, 1e9));
  v("business", p.business);
}

class TalentLever {
 public:
  using Params = TalentPolicy;
  explicit TalentLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams&, LeverProblems& out) { check_window(p, out); }

  // Year end, after homestay investment.
  void year_end_after_investment(LeverContext& m) {
    Workers& workers = m.households.workers;
    const Households& households = m.households.households;
    const auto day = static_cast<std::uint64_t>(m.today.day);
    const Draws count_draw = m.rng.draw(Stream::jobs, day, 0, Purpose::talent);
    const double whole = std::floor(p_.entrepreneurs_per_year);
    const auto wanted =
        static_cast<std::size_t>(whole + (count_draw.uniform(0) < p_.entrepreneurs_per_year - whole ? 1 : 0));
    std::vector<std::tuple<int, std::uint64_t, std::size_t>> candidates;  // core last, then by draw
    for (std::size_t i = 0; i < workers.size(); ++i) {
      if (workers.state[i] != JobState::migrant) continue;
      const std::size_t v = households.village[workers.household[i]];
      candidates.emplace_back(v == m.gateway() ? 1 : 0, m.rng.draw(Stream::jobs, day, i, Purpose::talent).word(0), i);
    }
    std::sort(candidates.begin(), candidates.end());
    const FirmKind kind = p_.business == TalentBusiness::restaurant ? FirmKind::restaurant : FirmKind::activity;
    const double capacity = m.firms.entry_capacity(kind);
    // The opening cash as FirmSector::open_firm takes it from the owner; the
    // grant pays up to all of it.
    const Fen opening = to_fen(m.firms.params().opening_cash_yuan * m.today.price_level);
    const Fen grant = std::min(to_fen(p_.startup_grant_yuan), opening);
    bool opened = false;
    for (std::size_t k = 0; k < std::min(wanted, candidates.size()); ++k) {
      const std::size_t i = std::get<2>(candidates[k]);
      const std::size_t h = workers.household[i];
      const std::size_t v = households.village[h];
      workers.state[i] = JobState::own_business;
      workers.employer[i] = -1;
      if (m.ledger.balance(households.account[h]) + grant < opening) continue;  // no firm, no grant
      // Earmarked: open_firm moves the whole opening cash, grant included,
      // from the owner's account into the firm's at once.
      m.ledger.transfer(m.public_purse(), households.account[h], grant);
      m.public_money.policy_spending += grant;
      m.firms.open_firm(kind, static_cast<std::uint32_t>(v), capacity, static_cast<std::int32_t>(h));
      opened = true;
    }
    if (wanted > 0) m.labour.refresh_household_labour();
    if (opened) {
      m.firms.reindex();
      m.tourism.refresh_bed_capacity();
    }
  }

 private:
  const Params& p_;
};

}  // namespace yucun
