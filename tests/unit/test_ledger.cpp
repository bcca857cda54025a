#include <doctest/doctest.h>

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
