#include "sim/model/tourism/lodging.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

namespace yucun {

std::int64_t LodgingBook::booked_peak(std::size_t v) const {
  return *std::max_element(booked_[v].begin(), booked_[v].end());
}

bool LodgingBook::can_book(std::size_t v, std::int64_t persons, int nights) const {
  for (int k = 0; k < nights; ++k)
    if (booked_[v][(night_ + k) % kMaxNights] + persons > bookable_[v]) return false;
  return true;
}

void LodgingBook::book(std::size_t v, std::int64_t persons, int nights) {
  for (int k = 0; k < nights; ++k) booked_[v][(night_ + k) % kMaxNights] += persons;
}

void LodgingBook::next_night() {
  for (auto& nights : booked_) nights[night_] = 0;
  night_ = (night_ + 1) % kMaxNights;
}

LodgingResult allocate_lodging(TouristParties& parties, LodgingBook& book,
                               const std::vector<std::vector<std::uint32_t>>& nearby, std::int64_t day_number,
                               const RandomStreams& rng) {
  struct Request {
    std::uint64_t priority;
    std::uint64_t id;
    std::size_t party;
  };
  std::vector<Request> requests;
  for (std::size_t p = 0; p < parties.size_count(); ++p)
    if (parties.day_of_stay[p] == 0 && parties.nights[p] != 0) requests.push_back(Request{0, parties.id[p], p});
  // Priorities are each party's own draws; (priority, id) is unique, so the
  // sorted order is the same however the sort splits the work.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, requests.size(), 1024), [&](const auto& r) {
    for (std::size_t k = r.begin(); k != r.end(); ++k)
      requests[k].priority = rng.draw(Stream::tourists, static_cast<std::uint64_t>(day_number), requests[k].id,
                                      Purpose::lodging_priority)
                                 .word(0);
  });
  tbb::parallel_sort(requests.begin(), requests.end(),
                     [](const Request& a, const Request& b) { return std::tie(a.priority, a.id) < std::tie(b.priority, b.id); });

  LodgingResult result;
  for (const Request& r : requests) {
    const std::size_t p = r.party;
    const int count = parties.visit_count[p];
    const std::int32_t* visits = &parties.visits[p * kMaxVisitsPerDay];
    const std::size_t evening = static_cast<std::size_t>(count > 0 ? visits[count - 1] : parties.start[p]);
    const int nights = std::min<int>(parties.nights[p], kMaxNights);
    bool lodged = false;
    for (std::uint32_t v : nearby[evening]) {
      if (!book.can_book(v, parties.size[p], nights)) continue;
      book.book(v, parties.size[p], nights);
      parties.lodging[p] = static_cast<std::int32_t>(v);
      lodged = true;
      break;
    }
    if (lodged) {
      ++result.parties_lodged;
    } else {
      parties.nights[p] = 0;  // overflow: the trip becomes a day trip
      ++result.parties_turned_away;
    }
  }
  return result;
}

}  // namespace yucun
