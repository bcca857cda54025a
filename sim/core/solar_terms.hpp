// The solar terms (jieqi) of the Chinese calendar, computed astronomically:
// the day, in China Standard Time (UTC+8), on which the Sun's apparent
// ecliptic longitude reaches a multiple of 15 degrees. Qingming (15 degrees)
// is a statutory holiday.
#pragma once

#include "sim/core/date.hpp"

namespace yucun {

// The day (UTC+8) in Gregorian `year` on which the Sun's apparent longitude
// reaches `longitude_degrees` (0 <= l < 360; 0 the March equinox, 15
// Qingming, 270 the December solstice). The instant is good to about 15
// minutes for 1900-2100, so the day can be wrong only when the instant is
// that close to midnight (every Qingming day of 1900-2100 agrees with a full
// ephemeris).
Date solar_term_day(int year, double longitude_degrees);

// Qingming, the 5th solar term (15 degrees): 4 or 5 April in China Standard
// Time (6 April in some years before 1944).
inline Date qingming_day(int year) { return solar_term_day(year, 15.0); }

}  // namespace yucun
