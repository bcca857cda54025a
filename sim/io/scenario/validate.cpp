#include "sim/io/scenario/validate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/core/ledger.hpp"
#include "sim/core/public_holidays.hpp"
#include "sim/model/spin_up.hpp"
#include "sim/world/road_network.hpp"

namespace yucun::scenario {

SourceLocation SourceMap::find(const std::string& key_path) const {
  std::string path = key_path;
  while (true) {
    if (auto it = map_.find(path); it != map_.end()) return it->second;
    const auto cut = path.find_last_of(".[");
    if (cut == std::string::npos) break;
    path.erase(cut);
  }
  if (auto it = map_.find(""); it != map_.end()) return it->second;
  return SourceLocation{};
}

namespace {

class Checker {
 public:
  Checker(const SourceMap& sources, Diagnostics& diagnostics) : sources_(sources), diagnostics_(diagnostics) {}
  void error(const std::string& path, std::string message) {
    diagnostics_.error(sources_.find(path), path, std::move(message));
  }
  SourceLocation where(const std::string& path) const { return sources_.find(path); }

 private:
  const SourceMap& sources_;
  Diagnostics& diagnostics_;
};

// Years the calendar covers without listed holidays take them from the rule,
// which knows 2008-2100 (the Measures of 2008 and 2025, the 1900-2100 lunar
// table): a run reaching outside it needs those years listed, or
// holiday_rule: listed_only.
void check_holiday_years(const CalendarParams& c, Checker& check) {
  const std::vector<int> years = years_by_rule(c);
  const auto too_early = std::find_if(years.begin(), years.end(), [](int y) { return y < kFirstHolidayRuleYear; });
  const auto too_late = std::find_if(years.begin(), years.end(), [](int y) { return y > kLastHolidayRuleYear; });
  if (too_early == years.end() && too_late == years.end()) return;
  const std::string end = calendar_end(c).to_string();
  const std::string covered =
      c.lead_days > 0 ? fmt::format("{} (calendar.start less a {}-day spin-up) to {}",
                                    (c.start - c.lead_days).to_string(), c.lead_days, end)
                      : fmt::format("{} to {}", c.start.to_string(), end);
  const std::string remedy = fmt::format(
      "public holidays by rule are known for {}-{}; keep the run within those years, list the holidays of the "
      "others in calendar.holidays, or set calendar.holiday_rule: listed_only",
      kFirstHolidayRuleYear, kLastHolidayRuleYear);
  if (too_early != years.end())
    check.error("calendar.start", fmt::format("the run covers {}, with no holidays listed for {}; {}", covered,
                                              *too_early, remedy));
  if (too_late != years.end())
    check.error("calendar.years", fmt::format("the run covers {}, with no holidays listed for {}; {}", covered,
                                              *too_late, remedy));
}

void check_calendar(const CalendarParams& c, Checker& check) {
  for (std::size_t i = 0; i < c.holidays.size(); ++i) {
    const auto& h = c.holidays[i];
    const std::string path = fmt::format("calendar.holidays[{}]", i);
    if (h.name.empty()) check.error(path + ".name", "a holiday needs a name");
    if (h.last < h.first)
      check.error(path + ".end", fmt::format("holiday '{}' ends ({}) before it starts ({}); dates are out of order",
                                             h.name, h.last.to_string(), h.first.to_string()));
    else if (h.last - h.first > 31)
      check.error(path + ".end", fmt::format("holiday '{}' lasts {} days; public holidays last at most a month",
                                             h.name, h.last - h.first + 1));
  }
  if (c.summer_last < c.summer_first)
    check.error("calendar.summer_holiday_end",
                fmt::format("summer holiday ends ({}) before it starts ({}); dates are out of order",
                            c.summer_last.to_string(), c.summer_first.to_string()));
  check_holiday_years(c, check);
}

void check_tea(const TeaParams& t, Checker& check) {
  if (t.harvest.open_latest < t.harvest.open_earliest)
    check.error("tea.harvest.open_latest",
                fmt::format("the harvest's latest opening ({}) is before its earliest ({}); dates are out of order",
                            t.harvest.open_latest.to_string(), t.harvest.open_earliest.to_string()));
  const Date latest_end = t.harvest.open_latest.in_year(2023) + (t.harvest.length_days - 1);
  if (latest_end.year() != 2023)
    check.error("tea.harvest.length_days", "the harvest window must end within the year it opens");
  if (t.picking.own_kg_per_day_max < t.picking.own_kg_per_day_min)
    check.error("tea.picking.own_kg_per_day_max",
                fmt::format("must be at least own_kg_per_day_min ({}), got {}", t.picking.own_kg_per_day_min,
                            t.picking.own_kg_per_day_max));
  const auto& p = t.price;
  if (!(p.open_yuan_per_kg > p.floor_yuan_per_kg))
    check.error("tea.price.floor_yuan_per_kg",
                fmt::format("the floor ({}) must be below the opening price ({})", p.floor_yuan_per_kg, p.open_yuan_per_kg));
  else if (!(p.second_day_yuan_per_kg > p.floor_yuan_per_kg && p.second_day_yuan_per_kg <= p.open_yuan_per_kg))
    check.error("tea.price.second_day_yuan_per_kg",
                fmt::format("must lie above the floor ({}) and at most the opening price ({}), got {}",
                            p.floor_yuan_per_kg, p.open_yuan_per_kg, p.second_day_yuan_per_kg));
}

void check_labour(const LabourParams& l, Checker& check) {
  if (l.skill_share_secondary + l.skill_share_tertiary > 1.0)
    check.error("labour.skill_share_tertiary",
                fmt::format("the secondary ({}) and tertiary ({}) shares of working members add up to more than 1; "
                            "lower one so that they add up to at most 1 (the rest have basic schooling)",
                            l.skill_share_secondary, l.skill_share_tertiary));
}

// Money is held in int64 fen: a wage that grows so fast for so many years
// that one worker's month alone cannot be held (2^62 fen, the most a yuan
// amount converts to) cannot run to its end. Refused here rather than after
// hours of running; combinations below this bound that still outgrow the
// range stop the run with a "money overflow" error (sim/core/ledger.hpp).
void check_wage_growth(const LabourParams& l, const CalendarParams& c, Checker& check) {
  const double top_wage = std::max({l.local_wage_yuan, l.county_wage_yuan, l.city_wage_yuan}) *
                          std::max({1.0, l.skill_wage_secondary, l.skill_wage_tertiary});
  const double growth = std::pow(1.0 + l.wage_growth_per_year, c.years);
  const double last_wage = top_wage * growth;
  if (!(last_wage * kFenPerYuan <= kMaxFenAmount))
    check.error("labour.wage_growth_per_year",
                fmt::format("wages growing {} a year for {} years (calendar.years) reach {:.3g} yuan a month for one "
                            "worker, beyond what money held as int64 fen can hold ({:.3g} yuan); the scenario's "
                            "growth x years is too large: lower labour.wage_growth_per_year or shorten calendar.years",
                            l.wage_growth_per_year, c.years, last_wage, kMaxFenAmount / kFenPerYuan));
}

void check_world(const WorldParams& w, Checker& check) {
  std::map<std::string, std::size_t> townships;
  for (std::size_t i = 0; i < w.townships.size(); ++i) {
    const std::string path = fmt::format("world.townships[{}]", i);
    const auto& name = w.townships[i].name;
    if (name.empty()) check.error(path + ".name", "a township needs a name");
    else if (auto [it, fresh] = townships.emplace(name, i); !fresh)
      check.error(path + ".name", fmt::format("duplicate township '{}' (first defined at {})", name,
                                              check.where(fmt::format("world.townships[{}]", it->second)).to_string()));
  }
  std::vector<std::string> township_names;
  for (const auto& [name, _] : townships) township_names.push_back(name);

  if (w.villages.empty()) check.error("world.villages", "the world needs at least one village");
  std::map<std::string, std::size_t> villages;
  for (std::size_t i = 0; i < w.villages.size(); ++i) {
    const auto& v = w.villages[i];
    const std::string path = fmt::format("world.villages[{}]", i);
    if (v.name.empty()) {
      check.error(path + ".name", "a village needs a name");
      continue;
    }
    if (auto [it, fresh] = villages.emplace(v.name, i); !fresh)
      check.error(path + ".name", fmt::format("duplicate village '{}' (first defined at {})", v.name,
                                              check.where(fmt::format("world.villages[{}]", it->second)).to_string()));
    if (!townships.empty() && !townships.count(v.township)) {
      const std::string suggestion = closest_match(v.township, township_names);
      check.error(path + ".township",
                  fmt::format("unknown township '{}'{}", v.township,
                              suggestion.empty() ? fmt::format(" (townships: {})", fmt::join(township_names, ", "))
                                                 : fmt::format("; did you mean '{}'?", suggestion)));
    }
    if (v.population < v.households)
      check.error(path + ".population",
                  fmt::format("population ({}) is smaller than the number of households ({})", v.population, v.households));
  }
  std::vector<std::string> village_names;
  for (const auto& v : w.villages) village_names.push_back(v.name);

  bool roads_ok = true;
  for (std::size_t i = 0; i < w.roads.size(); ++i) {
    const auto& r = w.roads[i];
    const std::string path = fmt::format("world.roads[{}]", i);
    for (const auto& [end, key] : {std::pair{r.from, "from"}, std::pair{r.to, "to"}}) {
      if (villages.count(end)) continue;
      roads_ok = false;
      const std::string suggestion = closest_match(end, village_names);
      check.error(path + "." + key, fmt::format("unknown village '{}'{}", end,
                                                suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
    }
    if (r.from == r.to && villages.count(r.from)) check.error(path + ".to", fmt::format("road from '{}' to itself", r.from));
  }
  if (!roads_ok || villages.size() != w.villages.size() || w.villages.empty()) return;

  const RoadNetwork network(w.villages, w.roads, TravelTimes::none);  // connectivity only
  if (!network.is_connected()) {
    const auto component = network.components();
    std::vector<std::string> cut_off;
    for (std::size_t v = 0; v < component.size(); ++v)
      if (component[v] != component[0]) cut_off.push_back(w.villages[v].name);
    check.error("world.roads",
                fmt::format("the road network is not connected: {} cannot be reached from {}; add roads to link them",
                            fmt::join(cut_off, ", "), w.villages[0].name));
  }
}

std::vector<std::string> village_names(const WorldParams& w) {
  std::vector<std::string> names;
  for (const auto& v : w.villages) names.push_back(v.name);
  return names;
}

std::string unknown_village(const std::string& name, const WorldParams& w) {
  const std::string suggestion = closest_match(name, village_names(w));
  return fmt::format("unknown village '{}'{}", name, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion));
}


void check_collectives(const CollectiveParams& c, const WorldParams& w, Checker& check) {
  for (std::size_t i = 0; i < c.grants.size(); ++i)
    if (!has_village_named(w, c.grants[i].village))
      check.error(fmt::format("collectives.grants[{}].village", i), unknown_village(c.grants[i].village, w));
}

void check_tourism(const TourismParams& t, const WorldParams& w, Checker& check) {
  if (!t.gateway.empty() && !has_village_named(w, t.gateway)) check.error("tourism.gateway", unknown_village(t.gateway, w));
  if (t.month_weights.size() != 12)
    check.error("tourism.month_weights", fmt::format("needs 12 values (January to December), got {}", t.month_weights.size()));
  else {
    double sum = 0;
    for (double x : t.month_weights) sum += x;
    // Relative weights: only their ratios matter, so a bound loses nothing,
    // and it keeps the products of demand finite (1e308 failed mid-run).
    constexpr double kLargestMonthWeight = 1e6;
    for (std::size_t m = 0; m < t.month_weights.size(); ++m)
      if (!(t.month_weights[m] <= kLargestMonthWeight))
        check.error(fmt::format("tourism.month_weights.{}", m),
                    fmt::format("must be at most {:g} (the weights are relative: scale them all down), got {}",
                                kLargestMonthWeight, t.month_weights[m]));
    if (!(sum > 0)) check.error("tourism.month_weights", "at least one month needs a weight above 0");
  }
  if (t.max_party_size < t.mean_party_size)
    check.error("tourism.max_party_size",
                fmt::format("must be at least mean_party_size ({}), got {}", t.mean_party_size, t.max_party_size));
  if (t.markets.size() > 255) check.error("tourism.markets", "at most 255 source markets");
  if (t.annual_visitors > 0 && t.markets.empty())
    check.error("tourism.markets", "visitors need at least one source market to come from");
  double shares = 0;
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < t.markets.size(); ++i) {
    shares += t.markets[i].share;
    if (t.markets[i].name.empty()) check.error(fmt::format("tourism.markets[{}].name", i), "a source market needs a name");
    else if (!names.emplace(t.markets[i].name, i).second)
      check.error(fmt::format("tourism.markets[{}].name", i), fmt::format("duplicate source market '{}'", t.markets[i].name));
  }
  if (!t.markets.empty() && std::abs(shares - 1.0) > 1e-6)
    check.error("tourism.markets", fmt::format("the markets' shares must add up to 1, got {}", shares));
  if (t.second_night_share + t.third_night_share > 1.0)
    check.error("tourism.third_night_share", "second_night_share + third_night_share must not exceed 1");
  if (t.attractions.size() > 30000) check.error("tourism.attractions", "at most 30,000 attractions");
  std::map<std::string, std::size_t> attraction_names;
  for (std::size_t i = 0; i < t.attractions.size(); ++i) {
    const AttractionSpec& a = t.attractions[i];
    const std::string key = fmt::format("tourism.attractions[{}]", i);
    if (!attraction_names.emplace(a.name, i).second)
      check.error(key + ".name", fmt::format("duplicate attraction '{}'", a.name));
    if (!has_village_named(w, a.village)) check.error(key + ".village", unknown_village(a.village, w));
    if (a.month_pull.size() != 12)
      check.error(key + ".month_pull", fmt::format("needs 12 values (January to December), got {}", a.month_pull.size()));
  }
  if (!t.attractions.empty()) {
    bool open = false;
    for (const AttractionSpec& a : t.attractions)
      for (double x : a.month_pull) open = open || x > 0;
    if (!open) check.error("tourism.attractions", "every attraction is closed all year (month_pull all 0); open at least one");
  }
}

void check_events(const std::vector<EventSpec>& events, const WorldParams& w, Checker& check) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const EventSpec& e = events[i];
    const std::string path = fmt::format("events[{}]", i);
    if (e.end < e.start)
      check.error(path + ".end", fmt::format("event '{}' ends ({}) before it starts ({}); dates are out of order", e.name,
                                             e.end.to_string(), e.start.to_string()));
    if (!e.village.empty() && !has_village_named(w, e.village)) check.error(path + ".village", unknown_village(e.village, w));
    if (!e.village.empty() && e.kind != EventKind::tea_yield)
      check.error(path + ".village", fmt::format("'{}' events apply to the whole area; only tea_yield events can name a village",
                                                 name_of(e.kind)));
  }
}

// Each lever checks its own parameters; village names it lacks are reported
// here, with the world's suggestions.
template <class Lever>
void check_lever(const std::string& path, const typename Lever::Params& p, const WorldParams& w, Checker& check) {
  LeverProblems problems;
  Lever::validate(p, w, problems);
  for (const LeverProblem& problem : problems) {
    const std::string key = path + "." + problem.key;
    check.error(key, problem.unknown_village.empty() ? problem.message : unknown_village(problem.unknown_village, w));
  }
}

void check_policies(const PolicyParams& p, const WorldParams& w, Checker& check) {
#define YUCUN_LEVER(key, Lever, header) check_lever<Lever>("policies." #key, p.key, w, check);
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
}

// The scenario's name and description go into every result file's attributes
// and `compare`'s table headers: a name is one short line of text and a
// description at most a page (a 120 KB name failed creating an HDF5
// attribute at the end of the run; a NUL cut it short; a newline broke the
// table header).
constexpr std::size_t kMaxNameCharacters = 1000;
constexpr std::size_t kMaxDescriptionCharacters = 10000;

std::size_t utf8_characters(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

void check_texts(const Scenario& s, Checker& check) {
  if (const std::size_t n = utf8_characters(s.name); n > kMaxNameCharacters)
    check.error("name", fmt::format("is {} characters long; a name may have at most {} (put longer text in "
                                    "'description')",
                                    n, kMaxNameCharacters));
  for (unsigned char c : s.name) {
    if (c < 0x20 || c == 0x7f) {
      check.error("name", fmt::format("contains the control character 0x{:02x} ({}); a name is one line of "
                                      "printable text",
                                      c, c == 0 ? "NUL" : c == '\n' ? "a newline" : c == '\t' ? "a tab" : "not printable"));
      break;
    }
  }
  if (const std::size_t n = utf8_characters(s.description); n > kMaxDescriptionCharacters)
    check.error("description", fmt::format("is {} characters long; a description may have at most {}", n,
                                           kMaxDescriptionCharacters));
  if (s.description.find('\0') != std::string::npos)
    check.error("description", "contains a NUL character; a description is text (newlines and tabs are fine)");
}

}  // namespace

void validate(const Scenario& scenario, const SourceMap& sources, Diagnostics& diagnostics) {
  Checker check(sources, diagnostics);
  check_texts(scenario, check);
  // The calendar the run will use reaches back over the spin-up.
  CalendarParams calendar = scenario.calendar;
  calendar.lead_days = spin_up_days(calendar.start, scenario.spin_up.years);
  check_calendar(calendar, check);
  check_tea(scenario.tea, check);
  check_world(scenario.world, check);
  check_labour(scenario.labour, check);
  check_wage_growth(scenario.labour, scenario.calendar, check);
  check_tourism(scenario.tourism, scenario.world, check);
  check_collectives(scenario.collectives, scenario.world, check);
  check_events(scenario.events, scenario.world, check);
  check_policies(scenario.policies, scenario.world, check);
}

}  // namespace yucun::scenario
