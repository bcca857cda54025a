// The income book: a rolling year of months per household, kept exactly even
// when a month's income does not fit the compact 32-bit store.
#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <limits>
#include <numeric>
#include <vector>

#include "sim/model/households/income_book.hpp"
#include "sim/core/random_streams.hpp"

using namespace yucun;

TEST_CASE("rolling year: the sum of the last twelve months, exact for huge and negative months") {
  constexpr std::size_t kHouseholds = 5;
  IncomeBook book(kHouseholds, 2);
  // Reference: a plain list of each household's months.
  std::vector<std::deque<Fen>> months(kHouseholds, std::deque<Fen>{0});
  const RandomStreams rng(7, 0);
  for (std::uint64_t month = 0; month < 30; ++month) {
    for (std::size_t h = 0; h < kHouseholds; ++h) {
      const Draws d = rng.draw(Stream::population, month, h, Purpose::savings);
      Fen amount = static_cast<Fen>(d.below(0, 2'000'000));  // up to 20,000 yuan
      if (h == 1 && month % 5 == 0) amount = Fen{3'000'000'000};  // beyond 32 bits (30 M yuan)
      if (h == 2 && month % 7 == 3) amount = -Fen{2'500'000'000};  // a large loss
      if (h == 3) amount = Fen{std::numeric_limits<std::int32_t>::min()} - 100;  // a month of exactly the marker value
      book.credit(h, h % 2, IncomeSource::business, amount);
      book.credit(h, h % 2, IncomeSource::wage, 100);
      months[h].back() += amount + 100;
      CHECK(book.this_month(h) == months[h].back());
      CHECK(book.rolling_year(h) == std::accumulate(months[h].begin(), months[h].end(), Fen{0}));
    }
    book.close_month();
    for (auto& m : months) {
      m.push_back(0);
      if (m.size() > 12) m.pop_front();
    }
    CHECK(book.months_recorded() == std::min<int>(12, static_cast<int>(month) + 2));
    for (std::size_t h = 0; h < kHouseholds; ++h)
      CHECK(book.rolling_year(h) == std::accumulate(months[h].begin(), months[h].end(), Fen{0}));
  }
}

TEST_CASE("own-business income by year; today's income by village and source") {
  IncomeBook book(2, 2);
  book.credit(0, 1, IncomeSource::tea, 500);
  book.credit(0, 1, IncomeSource::wage, 70);
  book.credit(1, 0, IncomeSource::homestay, 30);
  CHECK(book.this_year_own_business(0) == 500);
  CHECK(book.this_year_own_business(1) == 30);
  CHECK(book.today(1, IncomeSource::tea) == 500);
  CHECK(book.today(1, IncomeSource::wage) == 70);
  book.close_year();
  CHECK(book.last_year_own_business(0) == 500);
  CHECK(book.this_year_own_business(0) == 0);
  book.start_day();
  CHECK(book.today(1, IncomeSource::tea) == 0);
}
