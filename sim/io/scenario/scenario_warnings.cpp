#include "sim/io/scenario/scenario_warnings.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/calendar.hpp"
#include "sim/model/spin_up.hpp"
#include "sim/io/scenario/scenario_writer.hpp"

namespace yucun::scenario {

namespace {

std::string text_of(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

// A lever or event that ends before the reported days: the spin-up simulates
// it, but no output day shows it acting.
std::string spin_up_only(const std::string& what, Date start, Date end, Date reported_start) {
  return fmt::format("{}: from {} to {}, before calendar.start ({}): it acts only during the spin-up, which is not "
                     "reported, so the results show it only through the state it leaves; move it to {} or later to "
                     "see it act",
                     what, start.to_string(), end.to_string(), reported_start.to_string(), reported_start.to_string());
}

}  // namespace

std::vector<std::string> scenario_warnings(const Scenario& s) {
  std::vector<std::string> out;
  const Calendar calendar(s.calendar);
  // The simulated days: the spin-up's and the reported ones.
  const Date first = s.calendar.start - spin_up_days(s.calendar.start, s.spin_up.years), last = calendar.end();
  // The levers as the scenario writer writes them, against the code's
  // defaults: every lever, every key, so a new lever is covered unchanged.
  const YAML::Node mine = YAML::Load(to_yaml(s))["policies"];
  const YAML::Node defaults = YAML::Load(to_yaml(Scenario{}))["policies"];
  if (mine && mine.IsMap()) {
    for (const auto& lever : mine) {
      const std::string key = lever.first.Scalar();
      const YAML::Node& settings = lever.second;
      if (!settings.IsMap()) continue;
      const bool enabled = settings["enabled"] && settings["enabled"].as<bool>();
      if (!enabled) {
        std::vector<std::string> changed;
        const YAML::Node base = defaults ? defaults[key] : YAML::Node();
        for (const auto& kv : settings) {
          const std::string name = kv.first.Scalar();
          if (name == "enabled") continue;
          if (!base || !base[name] || text_of(base[name]) != text_of(kv.second)) changed.push_back(name);
        }
        if (!changed.empty())
          out.push_back(fmt::format("policies.{}: the lever is not enabled, so its settings ({}) have no effect; "
                                    "add `enabled: true` to use them",
                                    key, fmt::join(changed, ", ")));
        continue;
      }
      const auto start = Date::parse(settings["start"].Scalar());
      const auto end = Date::parse(settings["end"].Scalar());
      if (start && end && (*end < first || last < *start))
        out.push_back(fmt::format("policies.{}: enabled from {} to {}, outside the simulated days ({} to {}): it "
                                  "never acts; move its start and end into the run, or lengthen calendar.years",
                                  key, start->to_string(), end->to_string(), first.to_string(), last.to_string()));
      else if (start && end && *end < s.calendar.start)
        out.push_back(spin_up_only(fmt::format("policies.{}", key), *start, *end, s.calendar.start));
    }
  }
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const EventSpec& e = s.events[i];
    if (e.end < first || last < e.start)
      out.push_back(fmt::format("events[{}] ('{}'): runs from {} to {}, outside the simulated days ({} to {}): it "
                                "never happens",
                                i, e.name, e.start.to_string(), e.end.to_string(), first.to_string(), last.to_string()));
    else if (e.end < s.calendar.start)
      out.push_back(spin_up_only(fmt::format("events[{}] ('{}')", i, e.name), e.start, e.end, s.calendar.start));
  }
  return out;
}

}  // namespace yucun::scenario
