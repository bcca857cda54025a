#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "sim/core/ledger.hpp"

using namespace yucun;

TEST_CASE("transfers move money and conserve it") {
  Ledger ledger;
  const auto a = ledger.open(AccountKind::household, 1000);
  const auto b = ledger.open(AccountKind::tea_processor, 500);
  const auto world = ledger.open(AccountKind::outside_world, 0);
  ledger.transfer(a, b, 300);
  ledger.transfer(world, a, 10'000);  // the outside world may run negative
  CHECK(ledger.balance(a) == 10'700);
  CHECK(ledger.balance(b) == 800);
  CHECK(ledger.balance(world) == -10'000);
  const LedgerAudit audit = ledger.audit();
  CHECK(audit.opening_total == 1500);
  CHECK(audit.balance_total == 1500);
  CHECK(audit.residual() == 0);
  CHECK(audit.inconsistent_accounts == 0);
  CHECK(audit.sound());
}

TEST_CASE("overdrafts, negative transfers and negative openings are refused") {
  Ledger ledger;
  const auto a = ledger.open(AccountKind::household, 100);
  const auto b = ledger.open(AccountKind::household, 0);
  CHECK_THROWS_AS(ledger.transfer(a, b, 101), LedgerError);
  CHECK_THROWS_AS(ledger.transfer(a, b, -1), LedgerError);
  CHECK_THROWS_AS(ledger.open(AccountKind::household, -5), LedgerError);
  CHECK(ledger.balance(a) == 100);  // a refused transfer changes nothing
  CHECK(ledger.audit().sound());
}

TEST_CASE("the audit sums exactly over many accounts") {
  Ledger ledger;
  const auto world = ledger.open(AccountKind::outside_world, 0);
  for (int i = 0; i < 100'000; ++i) ledger.open(AccountKind::household, 1'000'000'007LL + i);
  for (AccountId i = 1; i <= 100'000; i += 7) ledger.transfer(i, world, 12345);
  const auto audit = ledger.audit();
  CHECK(audit.residual() == 0);
  CHECK(audit.balance_total == audit.opening_total);
  CHECK(audit.opening_total == 100'000LL * 1'000'000'007LL + (99'999LL * 100'000LL) / 2);
}

// Issue 18, fault 1: money past the int64 fen range wrapped around silently
// (a run "conserved" money while deposits went negative). Now every transfer
// is checked arithmetic and a yuan amount beyond ±2^62 fen is refused.
TEST_CASE("money past the int64 fen range is an overflow, never a wrapped balance") {
  Ledger ledger;
  const auto world = ledger.open(AccountKind::outside_world, 0);
  const auto rich = ledger.open(AccountKind::household, 0);
  const Fen big = 4'000'000'000'000'000'000;  // 4e18 fen
  ledger.transfer(world, rich, big);
  ledger.transfer(world, rich, big);
  // A third would take the household past 2^63 - 1 and the world below -2^63.
  CHECK_THROWS_AS(ledger.transfer(world, rich, big), MoneyOverflow);
  CHECK(ledger.balance(rich) == 2 * big);  // a refused transfer changes nothing
  CHECK(ledger.balance(world) == -2 * big);
  CHECK(ledger.audit().sound());
  try {
    ledger.transfer(world, rich, big);
  } catch (const MoneyOverflow& e) {
    const std::string what = e.what();
    CHECK(what.find("money overflow:") == 0);
    CHECK(what.find("exceeds the int64 fen range") != std::string::npos);
    CHECK(what.find("growth x years is too large") != std::string::npos);
  }
  // The outside world's debt is bounded the same way.
  const auto other = ledger.open(AccountKind::household, 0);
  CHECK_THROWS_AS(ledger.transfer(world, other, big), MoneyOverflow);

  CHECK(to_fen(1e16) == 1'000'000'000'000'000'000);  // 1e18 fen: fine
  CHECK_THROWS_AS(to_fen(5e16), MoneyOverflow);      // 5e18 fen > 2^62
  CHECK_THROWS_AS(to_fen(-5e16), MoneyOverflow);
  CHECK_THROWS_AS(to_fen(std::nan("")), MoneyOverflow);
  CHECK(checked_add(big, big, "x") == 2 * big);
  CHECK_THROWS_AS(checked_add(2 * big, big, "deposits"), MoneyOverflow);
  CHECK_THROWS_AS(checked_sub(-2 * big, big, "a surplus"), MoneyOverflow);
}

TEST_CASE("the audit of balances near the int64 limits is exact") {
  // Three accounts of 4e18 fen: their total passes 2^63, and is summed
  // without overflow (wrapping, exact), so money is still seen as conserved.
  Ledger ledger;
  const Fen big = 4'000'000'000'000'000'000;
  const auto a = ledger.open(AccountKind::household, big);
  const auto b = ledger.open(AccountKind::household, big);
  ledger.open(AccountKind::household, big);
  ledger.transfer(a, b, 1'000'000);
  const auto audit = ledger.audit();
  CHECK(audit.residual() == 0);
  CHECK(audit.inconsistent_accounts == 0);
  CHECK(audit.sound());
}
