#include "sim/core/ledger.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <tbb/parallel_reduce.h>
#include <tbb/blocked_range.h>

namespace yucun {

void throw_money_overflow(const std::string& what) {
  throw MoneyOverflow(fmt::format("money overflow: {} exceeds the int64 fen range (about ±9.2e18 fen, 92 million "
                                  "billion yuan); the scenario's growth x years is too large (wages, prices or "
                                  "visitors grow so fast for so many years that its sums cannot be held): shorten "
                                  "calendar.years or lower the growth rates",
                                  what));
}

void throw_yuan_overflow(double yuan) {
  throw_money_overflow(fmt::format("an amount of {:.4g} yuan ({:.4g} fen)", yuan, yuan * kFenPerYuan));
}

namespace {
// Out of the transfer's hot path.
[[noreturn, gnu::cold, gnu::noinline]] void transfer_overflow(AccountId from, Fen from_balance, AccountId to,
                                                             Fen to_balance, Fen amount) {
  throw_money_overflow(fmt::format("a transfer of {} fen from account {} (balance {} fen) to account {} (balance {} fen)",
                                   amount, from, from_balance, to, to_balance));
}
}  // namespace

AccountId Ledger::open(AccountKind kind, Fen opening_balance) {
  if (opening_balance < 0 && !may_run_negative(kind))
    throw LedgerError(fmt::format("account opened with a negative balance of {} fen", opening_balance));
  kind_.push_back(kind);
  opening_.push_back(opening_balance);
  balance_.push_back(opening_balance);
  flow_.push_back(0);
  return static_cast<AccountId>(balance_.size() - 1);
}

bool Ledger::can_pay(AccountId id, Fen amount) const {
  return may_run_negative(kind_[id]) || balance_[id] >= amount;
}

void Ledger::transfer(AccountId from, AccountId to, Fen amount) {
  if (amount < 0) throw LedgerError(fmt::format("negative transfer of {} fen", amount));
  if (amount == 0) return;
  if (!can_pay(from, amount))
    throw LedgerError(fmt::format("account {} would be overdrawn: balance {} fen, transfer {} fen", from,
                                  balance_[from], amount));
  // Checked: all four are computed before any is stored, so an overflow
  // leaves the accounts as they were.
  Fen from_balance, from_flow, to_balance, to_flow;
  const bool overflow = __builtin_sub_overflow(balance_[from], amount, &from_balance) |
                        __builtin_sub_overflow(flow_[from], amount, &from_flow) |
                        __builtin_add_overflow(balance_[to], amount, &to_balance) |
                        __builtin_add_overflow(flow_[to], amount, &to_flow);
  if (overflow) [[unlikely]]
    transfer_overflow(from, balance_[from], to, balance_[to], amount);
  balance_[from] = from_balance;
  flow_[from] = from_flow;
  balance_[to] = to_balance;
  flow_[to] = to_flow;
}

LedgerAudit Ledger::audit() const {
  // Sums in unsigned (wrapping, never undefined) arithmetic: the balances add
  // up to the opening total, which fits, whatever the partial sums, so the
  // residual is exact; a total that does not fit is a residual too.
  struct Sums {
    std::uint64_t opening = 0, balance = 0;
    std::int64_t inconsistent = 0;
  };
  // Integer sums are exact, so the parallel reduction is deterministic. A
  // task sums at least 16k accounts: a village-scale ledger is summed in one
  // (splitting it cost more than it saved, measured at 2 and 16 threads).
  const Sums sums = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, balance_.size(), 16384), Sums{},
      [&](const tbb::blocked_range<std::size_t>& r, Sums s) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          s.opening += static_cast<std::uint64_t>(opening_[i]);
          s.balance += static_cast<std::uint64_t>(balance_[i]);
          Fen expected;
          if (__builtin_add_overflow(opening_[i], flow_[i], &expected) || balance_[i] != expected) ++s.inconsistent;
        }
        return s;
      },
      [](Sums a, const Sums& b) {
        a.opening += b.opening;
        a.balance += b.balance;
        a.inconsistent += b.inconsistent;
        return a;
      });
  return LedgerAudit{static_cast<Fen>(sums.opening), static_cast<Fen>(sums.balance), sums.inconsistent};
}

std::vector<Fen> split_proportional(Fen total, const std::vector<double>& weights) {
  std::vector<Fen> out(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || sum <= 0 || total <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  remainders.reserve(weights.size());
  Fen given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<Fen>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  // The fen left over go to the largest remainders, ties to the lower index;
  // usually fewer than there are sellers, so only those are ranked.
  auto larger = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  const auto left = static_cast<std::size_t>(std::max<Fen>(0, total - given));
  if (left < remainders.size()) {
    std::partial_sort(remainders.begin(), remainders.begin() + static_cast<std::ptrdiff_t>(left), remainders.end(), larger);
  } else {
    std::sort(remainders.begin(), remainders.end(), larger);
  }
  for (std::size_t k = 0; given < total; k = (k + 1) % remainders.size(), ++given) ++out[remainders[k].second];
  return out;
}

}  // namespace yucun
