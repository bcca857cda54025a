// The one ledger through which all money moves, in integer fen.
//
// Money is only ever moved, never created: accounts are opened with a balance
// and afterwards change only by transfers, which debit one account and credit
// another by the same amount. The audit proves it each day.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace yucun {

using Fen = std::int64_t;
inline constexpr Fen kFenPerYuan = 100;

class LedgerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Money beyond what int64 fen hold (about ±9.2e18 fen, 92 million billion
// yuan): a scenario whose wages or prices grow so fast for so many years
// that its sums would wrap around. The run stops (exit 1); nothing is
// written that would show wrapped, negative money.
class MoneyOverflow : public LedgerError {
 public:
  using LedgerError::LedgerError;
};
// Throws MoneyOverflow: "money overflow: <what> exceeds the int64 fen range; ...".
[[noreturn]] void throw_money_overflow(const std::string& what);
[[noreturn]] void throw_yuan_overflow(double yuan);  // "an amount of 1.2e+17 yuan"

// The largest amount to_fen converts: 2^62 fen, so that a few such amounts
// still add up without overflow before the checked sums below catch them.
inline constexpr double kMaxFenAmount = 4611686018427387904.0;  // 2^62

// Yuan (a parameter, a price times a quantity) to whole fen, half away from
// zero; throws MoneyOverflow beyond ±2^62 fen (and for NaN).
inline Fen to_fen(double yuan) {
  const double fen = yuan * kFenPerYuan;
  if (!(fen >= -kMaxFenAmount && fen <= kMaxFenAmount)) [[unlikely]]
    throw_yuan_overflow(yuan);
  return static_cast<Fen>(std::llround(fen));
}

// a + b, throwing MoneyOverflow (naming `what`) where the sum does not fit.
inline Fen checked_add(Fen a, Fen b, const char* what) {
  Fen sum;
  if (__builtin_add_overflow(a, b, &sum)) [[unlikely]]
    throw_money_overflow(what);
  return sum;
}
inline Fen checked_sub(Fen a, Fen b, const char* what) {
  Fen difference;
  if (__builtin_sub_overflow(a, b, &difference)) [[unlikely]]
    throw_money_overflow(what);
  return difference;
}

// Splits `total` fen in proportion to `weights`, exactly: the parts add up to
// the total, the fen left by rounding down go to the largest remainders.
std::vector<Fen> split_proportional(Fen total, const std::vector<double>& weights);

enum class AccountKind : std::uint8_t { household, tea_processor, firm, collective, government, outside_world };

// The outside economy and the public purse may run negative: their balances
// measure what flowed in from, or was spent by, the rest of the world.
inline bool may_run_negative(AccountKind kind) {
  return kind == AccountKind::outside_world || kind == AccountKind::government;
}

using AccountId = std::uint32_t;

struct LedgerAudit {
  Fen opening_total = 0;
  Fen balance_total = 0;
  // Money created or destroyed since opening: must be exactly 0.
  Fen residual() const {  // wrapping, never undefined: the totals may be anything in a broken ledger
    return static_cast<Fen>(static_cast<std::uint64_t>(balance_total) - static_cast<std::uint64_t>(opening_total));
  }
  // Accounts whose balance disagrees with opening + credits - debits.
  std::int64_t inconsistent_accounts = 0;
  bool sound() const { return residual() == 0 && inconsistent_accounts == 0; }
};

class Ledger {
 public:
  AccountId open(AccountKind kind, Fen opening_balance);

  // Moves fen from one account to another. Transfers touching distinct
  // accounts may run concurrently; callers partition accounts among tasks.
  // Accounts that may not go negative (all but the outside world) refuse an
  // overdraft with a LedgerError; a balance that would leave the int64 fen
  // range throws MoneyOverflow (checked arithmetic: the accounts are left as
  // they were).
  void transfer(AccountId from, AccountId to, Fen amount);

  Fen balance(AccountId id) const { return balance_[id]; }
  AccountKind kind(AccountId id) const { return kind_[id]; }
  std::size_t size() const { return balance_.size(); }
  bool can_pay(AccountId id, Fen amount) const;

  LedgerAudit audit() const;

 private:
  std::vector<AccountKind> kind_;
  std::vector<Fen> opening_;
  std::vector<Fen> balance_;
  // Credits minus debits since opening, kept apart from the balance so that
  // the audit can check balance = opening + flow for every account.
  std::vector<Fen> flow_;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(kind_, opening_, balance_, flow_); }
};

}  // namespace yucun
