// Beds: the booking book never overbooks a night, nights pass and free beds,
// and the daily allocation is the same whatever order parties are stored in.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "sim/model/tourism/lodging.hpp"

using namespace yucun;

namespace {

std::vector<VillageSpec> named_villages(std::initializer_list<const char*> names) {
  std::vector<VillageSpec> out;
  for (const char* name : names) {
    out.emplace_back();
    out.back().name = name;
    out.back().township = std::string(1, 'T');  // (a literal trips a GCC 12 -Wrestrict false positive)
  }
  return out;
}

// A - B 10 min, B - C 15 min, C - D 40 min, A - E 20 min: from A, B is 10,
// E 20, C 25, D 65 minutes away.
RoadNetwork five_village_roads() {
  return RoadNetwork(named_villages({"A", "B", "C", "D", "E"}),
                     {{"A", "B", 4, 10}, {"B", "C", 5, 15}, {"C", "D", 20, 40}, {"A", "E", 8, 20}});
}

// A party that arrived today and ends its day in `evening` (its last visit).
void add_party(TouristParties& parties, std::uint64_t id, std::uint8_t persons, std::uint8_t nights,
               std::int32_t evening, std::int32_t gateway = 0) {
  parties.append(id, 0, persons, 1.0f, true, /*interest=*/0, false, nights, gateway);
  const std::size_t p = parties.size_count() - 1;
  parties.visit_count[p] = 2;
  parties.visits[p * kMaxVisitsPerDay] = gateway;
  parties.visits[p * kMaxVisitsPerDay + 1] = evening;
}

struct Booking {
  std::int32_t lodging;
  int nights;
  friend bool operator==(const Booking&, const Booking&) = default;
};

std::map<std::uint64_t, Booking> bookings_of(const TouristParties& parties) {
  std::map<std::uint64_t, Booking> out;
  for (std::size_t p = 0; p < parties.size_count(); ++p) out[parties.id[p]] = Booking{parties.lodging[p], parties.nights[p]};
  return out;
}

}  // namespace

TEST_CASE("LodgingBook: bookings span their nights and the night passing frees beds") {
  LodgingBook book(2);
  book.set_capacity(0, 10);
  CHECK(book.capacity(0) == 10);
  CHECK(book.capacity(1) == 0);
  CHECK(book.can_book(0, 10, 3));
  CHECK_FALSE(book.can_book(0, 11, 1));
  CHECK_FALSE(book.can_book(1, 1, 1));  // no beds at all
  CHECK(book.can_book(1, 0, 1));

  book.book(0, 4, 3);  // tonight, tomorrow, the night after
  book.book(0, 5, 1);  // tonight only
  CHECK(book.booked_tonight(0) == 9);
  CHECK(book.booked_peak(0) == 9);
  CHECK(book.can_book(0, 1, 1));
  CHECK_FALSE(book.can_book(0, 2, 1));
  CHECK(book.can_book(0, 6, 2) == false);  // 4 + 6 fits tomorrow but not tonight
  CHECK(book.booked_tonight(1) == 0);

  book.next_night();
  CHECK(book.booked_tonight(0) == 4);
  CHECK(book.booked_peak(0) == 4);
  CHECK(book.can_book(0, 6, 2));
  CHECK_FALSE(book.can_book(0, 7, 1));
  book.book(0, 6, 3);  // tonight .. two nights on: the last is a fresh night
  CHECK(book.booked_tonight(0) == 10);
  CHECK(book.booked_peak(0) == 10);

  book.next_night();
  CHECK(book.booked_tonight(0) == 10);
  book.next_night();
  CHECK(book.booked_tonight(0) == 6);  // the first 4-person stay has left
  CHECK(book.booked_peak(0) == 6);
  book.next_night();
  CHECK(book.booked_tonight(0) == 0);
  CHECK(book.booked_peak(0) == 0);
  CHECK(book.can_book(0, 10, 3));
}

TEST_CASE("LodgingBook: random multi-night bookings never exceed capacity (stress)") {
  constexpr std::size_t kVillages = 4;
  constexpr int kDays = 400;
  const std::vector<std::int64_t> capacity = {0, 7, 40, 120};
  LodgingBook book(kVillages);
  for (std::size_t v = 0; v < kVillages; ++v) book.set_capacity(v, capacity[v]);
  // The same bookings kept by absolute night, to check the ring.
  std::vector<std::vector<std::int64_t>> expected(kDays + kMaxNights, std::vector<std::int64_t>(kVillages, 0));
  std::mt19937_64 gen(12345);
  std::int64_t accepted = 0, refused = 0;
  for (int day = 0; day < kDays; ++day) {
    const int requests = static_cast<int>(gen() % 40);
    for (int r = 0; r < requests; ++r) {
      const std::size_t v = gen() % kVillages;
      const std::int64_t persons = 1 + static_cast<std::int64_t>(gen() % 8);
      const int nights = 1 + static_cast<int>(gen() % kMaxNights);
      bool fits = true;
      for (int k = 0; k < nights; ++k) fits = fits && expected[day + k][v] + persons <= capacity[v];
      REQUIRE(book.can_book(v, persons, nights) == fits);
      if (!fits) {
        ++refused;
        continue;
      }
      book.book(v, persons, nights);
      for (int k = 0; k < nights; ++k) expected[day + k][v] += persons;
      ++accepted;
    }
    for (std::size_t v = 0; v < kVillages; ++v) {
      CAPTURE(day);
      CAPTURE(v);
      REQUIRE(book.booked_tonight(v) == expected[day][v]);
      REQUIRE(book.booked_tonight(v) <= book.capacity(v));
      const std::int64_t peak = std::max({expected[day][v], expected[day + 1][v], expected[day + 2][v]});
      REQUIRE(book.booked_peak(v) == peak);
      REQUIRE(book.booked_peak(v) <= book.capacity(v));
    }
    book.next_night();
  }
  CHECK(accepted > 1000);
  CHECK(refused > 1000);  // capacity was binding, so the test means something
}

TEST_CASE("nearby_villages: within the radius, nearest first, self included") {
  const RoadNetwork roads = five_village_roads();
  const auto nearby = nearby_villages(roads, 30);
  REQUIRE(nearby.size() == 5);
  CHECK(nearby[0] == std::vector<std::uint32_t>{0, 1, 4, 2});  // A 0, B 10, E 20, C 25; D at 65 is out
  CHECK(nearby[3] == std::vector<std::uint32_t>{3});           // D is 40 from C
  CHECK(nearby[1] == std::vector<std::uint32_t>{1, 0, 2, 4});  // B: A 10, C 15, E 30 (on the edge: in)
  CHECK(nearby[4] == std::vector<std::uint32_t>{4, 0, 1});     // E: A 20, B 30; C 45 is out
  for (std::size_t v = 0; v < 5; ++v) {
    CAPTURE(v);
    REQUIRE_FALSE(nearby[v].empty());
    CHECK(nearby[v].front() == v);
    for (std::size_t k = 1; k < nearby[v].size(); ++k)
      CHECK(roads.travel_minutes(v, nearby[v][k - 1]) <= roads.travel_minutes(v, nearby[v][k]));
    for (std::size_t u = 0; u < 5; ++u) {
      const bool listed = std::find(nearby[v].begin(), nearby[v].end(), u) != nearby[v].end();
      CHECK(listed == (roads.travel_minutes(v, u) <= 30));
    }
  }
}

TEST_CASE("allocate_lodging: the evening village first, then the nearest with beds, else a day trip") {
  const RoadNetwork roads = five_village_roads();
  const auto nearby = nearby_villages(roads, 30);
  const RandomStreams rng(7, 0);

  SUBCASE("beds where the day ends") {
    LodgingBook book(5);
    for (std::size_t v = 0; v < 5; ++v) book.set_capacity(v, 10);
    TouristParties parties;
    add_party(parties, 1, 3, 2, /*evening=*/2);
    add_party(parties, 2, 4, 1, /*evening=*/4);
    const LodgingResult r = allocate_lodging(parties, book, nearby, 0, rng);
    CHECK(r.parties_lodged == 2);
    CHECK(r.parties_turned_away == 0);
    CHECK(parties.lodging[0] == 2);
    CHECK(parties.lodging[1] == 4);
    CHECK(parties.nights[0] == 2);
    CHECK(book.booked_tonight(2) == 3);
    CHECK(book.booked_tonight(4) == 4);
    book.next_night();
    CHECK(book.booked_tonight(2) == 3);  // the second night is held too
    CHECK(book.booked_tonight(4) == 0);
  }
  SUBCASE("the evening village is full: the nearest village within the radius that has beds") {
    LodgingBook book(5);
    book.set_capacity(0, 2);  // A: too small for a party of 3
    book.set_capacity(1, 0);  // B, 10 min: none
    book.set_capacity(4, 5);  // E, 20 min: room
    book.set_capacity(2, 50); // C, 25 min: plenty, but further
    TouristParties parties;
    add_party(parties, 1, 3, 1, /*evening=*/0);
    allocate_lodging(parties, book, nearby, 0, rng);
    CHECK(parties.lodging[0] == 4);
    CHECK(book.booked_tonight(4) == 3);
    CHECK(book.booked_tonight(2) == 0);
  }
  SUBCASE("beds held by earlier parties count against a new stay") {
    LodgingBook book(5);
    book.set_capacity(0, 5);
    book.set_capacity(1, 5);
    book.book(0, 4, 2);  // A is nearly full tonight and tomorrow
    book.next_night();   // ... now only tonight
    TouristParties parties;
    add_party(parties, 1, 2, 1, 0);  // fits in A tonight? 4 + 2 > 5: no; goes to B
    add_party(parties, 2, 1, 3, 0);  // 4 + 1 <= 5 tonight, free after: A
    allocate_lodging(parties, book, nearby, 3, rng);
    CHECK(parties.lodging[0] == 1);
    CHECK(parties.lodging[1] == 0);
  }
  SUBCASE("nothing free within the radius: the party goes home the same day") {
    LodgingBook book(5);
    book.set_capacity(3, 100);  // only D has beds, 65 min from A
    TouristParties parties;
    add_party(parties, 1, 2, 2, /*evening=*/0);
    add_party(parties, 2, 2, 1, /*evening=*/3);
    const LodgingResult r = allocate_lodging(parties, book, nearby, 0, rng);
    CHECK(r.parties_lodged == 1);
    CHECK(r.parties_turned_away == 1);
    CHECK(parties.lodging[0] == -1);
    CHECK(parties.nights[0] == 0);  // a day trip now
    CHECK(parties.lodging[1] == 3);
    CHECK(parties.nights[1] == 1);
  }
  SUBCASE("day trippers and parties already staying do not look for beds") {
    LodgingBook book(5);
    for (std::size_t v = 0; v < 5; ++v) book.set_capacity(v, 10);
    TouristParties parties;
    add_party(parties, 1, 2, 0, 0);  // day trip
    add_party(parties, 2, 2, 2, 0);
    parties.day_of_stay[1] = 1;      // booked yesterday
    parties.lodging[1] = 1;
    const LodgingResult r = allocate_lodging(parties, book, nearby, 0, rng);
    CHECK(r.parties_lodged == 0);
    CHECK(r.parties_turned_away == 0);
    CHECK(parties.lodging[0] == -1);
    CHECK(parties.lodging[1] == 1);
    for (std::size_t v = 0; v < 5; ++v) CHECK(book.booked_tonight(v) == 0);
  }
  SUBCASE("a party with no visits today sleeps near where it started") {
    LodgingBook book(5);
    for (std::size_t v = 0; v < 5; ++v) book.set_capacity(v, 10);
    TouristParties parties;
    parties.append(1, 0, 2, 1.0f, false, /*interest=*/0, false, 1, /*gateway=*/3);
    allocate_lodging(parties, book, nearby, 0, rng);
    CHECK(parties.lodging[0] == 3);
  }
}

TEST_CASE("allocate_lodging: the outcome does not depend on the order parties are stored in") {
  const RoadNetwork roads = five_village_roads();
  const auto nearby = nearby_villages(roads, 30);
  const RandomStreams rng(99, 3);
  constexpr std::size_t kParties = 300;
  struct Spec {
    std::uint64_t id;
    std::uint8_t persons, nights;
    std::int32_t evening;
  };
  std::mt19937_64 gen(4242);
  std::vector<Spec> specs;
  for (std::size_t i = 0; i < kParties; ++i)
    specs.push_back(Spec{(std::uint64_t{17} << 24) | i, static_cast<std::uint8_t>(1 + gen() % 6),
                         static_cast<std::uint8_t>(gen() % 4), static_cast<std::int32_t>(gen() % 5)});

  auto run = [&](const std::vector<Spec>& order, LodgingBook& book) {
    for (std::size_t v = 0; v < 5; ++v) book.set_capacity(v, 30 + 10 * static_cast<std::int64_t>(v));
    TouristParties parties;
    for (const Spec& s : order) add_party(parties, s.id, s.persons, s.nights, s.evening);
    const LodgingResult r = allocate_lodging(parties, book, nearby, 17, rng);
    return std::pair{bookings_of(parties), r};
  };
  LodgingBook book_a(5);
  const auto [first, result_a] = run(specs, book_a);
  std::int64_t lodged = 0, away = 0;
  for (const Spec& s : specs) {
    const Booking b = first.at(s.id);
    if (b.lodging >= 0) ++lodged;
    if (s.nights > 0 && b.lodging < 0) {
      ++away;
      CHECK(b.nights == 0);
    }
  }
  CHECK(result_a.parties_lodged == lodged);
  CHECK(result_a.parties_turned_away == away);
  CHECK(result_a.parties_turned_away > 0);  // beds are scarce: contention matters
  CHECK(result_a.parties_lodged > 0);

  for (std::uint64_t shuffle_seed : {1u, 2u, 3u}) {
    CAPTURE(shuffle_seed);
    std::vector<Spec> permuted = specs;
    std::shuffle(permuted.begin(), permuted.end(), std::mt19937_64(shuffle_seed));
    if (shuffle_seed == 3) std::reverse(permuted.begin(), permuted.end());
    LodgingBook book_b(5);
    const auto [second, result_b] = run(permuted, book_b);
    CHECK(second == first);
    CHECK(result_b.parties_lodged == result_a.parties_lodged);
    CHECK(result_b.parties_turned_away == result_a.parties_turned_away);
    for (std::size_t v = 0; v < 5; ++v) {
      CHECK(book_b.booked_tonight(v) == book_a.booked_tonight(v));
      CHECK(book_b.booked_peak(v) == book_a.booked_peak(v));
    }
  }
  // Every booked village is within the radius of the party's evening village,
  // and no village is overbooked on any of the next nights.
  for (const Spec& s : specs) {
    const Booking b = first.at(s.id);
    if (b.lodging < 0) continue;
    CHECK(roads.travel_minutes(static_cast<std::size_t>(s.evening), static_cast<std::size_t>(b.lodging)) <= 30);
  }
  for (int night = 0; night < kMaxNights; ++night) {
    for (std::size_t v = 0; v < 5; ++v) CHECK(book_a.booked_tonight(v) <= book_a.capacity(v));
    book_a.next_night();
  }
}
