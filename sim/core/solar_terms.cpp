#include "sim/core/solar_terms.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>

namespace yucun {

namespace {

constexpr double kDegree = std::numbers::pi / 180.0;
constexpr double kJulianDayOfUnixEpoch = 2440587.5;  // 1970-01-01 00:00 UT

double normalised_degrees(double x) {
  x = std::fmod(x, 360.0);
  return x < 0 ? x + 360.0 : x;
}

// The Sun's apparent geocentric longitude, degrees, at Julian Ephemeris Day
// `jde`: J. Meeus, Astronomical Algorithms (2nd ed., 1998), chapter 25, the
// low-accuracy method (equations 25.2-25.8: mean longitude and anomaly, the
// equation of the centre, then nutation and aberration for the apparent
// place). Meeus gives its error as 0.01 degree (about 15 minutes of time).
// Checked against a full ephemeris (pyephem's apparent Sun, UTC+8): the
// Qingming instants 1900-2100 are within 13 minutes of it and every Qingming
// day of those years is the same (the closest call, 2071, is 10 minutes after
// midnight).
double apparent_solar_longitude(double jde) {
  const double t = (jde - 2451545.0) / 36525.0;
  const double mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const double mean_anomaly = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * kDegree;
  const double centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * std::sin(mean_anomaly) +
                        (0.019993 - 0.000101 * t) * std::sin(2 * mean_anomaly) +
                        0.000289 * std::sin(3 * mean_anomaly);
  const double omega = (125.04 - 1934.136 * t) * kDegree;
  return normalised_degrees(mean_longitude + centre - 0.00569 - 0.00478 * std::sin(omega));
}

// Terrestrial minus universal time, seconds: the polynomials of Espenak and
// Meeus (NASA Five Millennium Canon of Solar Eclipses, 2006) for 1900-2150.
double delta_t_seconds(double year) {
  if (year < 1920) {
    const double u = year - 1900;
    return -2.79 + 1.494119 * u - 0.0598939 * u * u + 0.0061966 * u * u * u - 0.000197 * u * u * u * u;
  }
  if (year < 1941) {
    const double u = year - 1920;
    return 21.20 + 0.84493 * u - 0.076100 * u * u + 0.0020936 * u * u * u;
  }
  if (year < 1961) {
    const double u = year - 1950;
    return 29.07 + 0.407 * u - u * u / 233 + u * u * u / 2547;
  }
  if (year < 1986) {
    const double u = year - 1975;
    return 45.45 + 1.067 * u - u * u / 260 - u * u * u / 718;
  }
  if (year < 2005) {
    const double u = year - 2000;
    return 63.86 + 0.3345 * u - 0.060374 * u * u + 0.0017275 * u * u * u + 0.000651814 * u * u * u * u +
           0.00002373599 * u * u * u * u * u;
  }
  if (year < 2050) {
    const double u = year - 2000;
    return 62.92 + 0.32217 * u + 0.005589 * u * u;
  }
  const double u = (year - 1820) / 100;
  return -20 + 32 * u * u - 0.5628 * (2150 - year);
}

}  // namespace

Date solar_term_day(int year, double longitude_degrees) {
  const double target = normalised_degrees(longitude_degrees);
  // Start from the mean Sun: the March equinox near 20 March, then about
  // 365.2422 / 360 days a degree, and let Newton's method do the rest.
  const double march_equinox = kJulianDayOfUnixEpoch + Date::from_ymd(year, 3, 20).days_since_epoch();
  double jd = march_equinox + target * 365.2422 / 360.0;  // universal time
  if (target >= 280) jd -= 365.2422;  // the solstice and Xiaohan, Dahan fall in this year's January
  const double delta_t_days = delta_t_seconds(year + (jd - march_equinox) / 365.2422 + 0.22) / 86400.0;
  for (int i = 0; i < 20; ++i) {
    const double miss = std::remainder(target - apparent_solar_longitude(jd + delta_t_days), 360.0);
    jd += miss * 365.2422 / 360.0;
    if (std::abs(miss) < 1e-7) break;
  }
  // The civil day in UTC+8.
  const double days_since_epoch = jd - kJulianDayOfUnixEpoch + 8.0 / 24.0;
  return Date::from_days(static_cast<std::int32_t>(std::floor(days_since_epoch)));
}

}  // namespace yucun
