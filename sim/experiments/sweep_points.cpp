#include "sim/experiments/sweep_points.hpp"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "sim/core/date.hpp"
#include "sim/io/scenario/scenario_loader.hpp"

namespace yucun::sweep {

std::string format_value(const Parameter& parameter, double value) {
  if (parameter.has_levels()) return parameter.levels.at(static_cast<std::size_t>(value));
  if (parameter.kind == ParameterKind::date) return Date::from_days(static_cast<std::int32_t>(value)).to_string();
  if (parameter.integer || (std::floor(value) == value && std::fabs(value) < 1e15))
    return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value);
}

std::string assignment(const Parameter& parameter, double value) {
  return parameter.key_path + "=" + format_value(parameter, value);
}

std::vector<std::string> point_overrides(const SweepSpec& spec, const Design& design, std::size_t point) {
  std::vector<std::string> out = spec.fixed_assignments();
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    if (spec.parameters[i].kind != ParameterKind::scenario)
      out.push_back(assignment(spec.parameters[i], design.value_at(point, i)));
  return out;
}

std::string point_base(const SweepSpec& spec, const Design& design, std::size_t point) {
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    if (spec.parameters[i].kind == ParameterKind::scenario)
      return spec.parameters[i].files.at(static_cast<std::size_t>(design.value_at(point, i)));
  return spec.base;
}

Scenario build_run_scenario(const SweepSpec& spec, const Design& design, std::uint64_t run) {
  const SweepRun r = sweep_run(spec, run);
  const auto point = static_cast<std::size_t>(r.point);
  Scenario s = scenario::load_scenario(point_base(spec, design, point), point_overrides(spec, design, point));
  s.seed = r.seed;
  return s;
}

std::vector<RunVariable> run_variables(const SweepSpec& spec, const Design& design) {
  const std::uint64_t runs = static_cast<std::uint64_t>(design.points) * spec.replicates;
  std::vector<RunVariable> out;
  RunVariable point{"point", "design point of the run (run = point * replicates + replicate)", "1", {}, {}, {}};
  point.integers.reserve(runs);
  for (std::uint64_t r = 0; r < runs; ++r) point.integers.push_back(static_cast<std::int64_t>(sweep_run(spec, r).point));
  out.push_back(std::move(point));
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const Parameter& p = spec.parameters[i];
    const bool date = p.kind == ParameterKind::date;
    RunVariable value{"param_" + p.name, fmt::format("sweep parameter {}: value of {}", p.name, p.key_path),
                      date ? "days since 1970-01-01" : "1", {}, {}, {}};
    // A level's value is its index (the analysis reads numbers); its word is
    // in level_<name>. A date is a whole number of days (CF time units).
    std::vector<std::string> numbered;
    for (std::size_t l = 0; l < p.levels.size(); ++l) {
      const std::string file = p.kind == ParameterKind::scenario
                                   ? fmt::format(" = {}", std::filesystem::path(p.files[l]).filename().string())
                                   : std::string();
      numbered.push_back(fmt::format("{} {}{}", l, p.levels[l], file));
    }
    if (!numbered.empty()) value.long_name += fmt::format(", as the level's index ({})", fmt::join(numbered, ", "));
    RunVariable unit{"unit_" + p.name, fmt::format("sweep parameter {}: design coordinate in [0, 1]", p.name), "1", {}, {}, {}};
    RunVariable level{"level_" + p.name, fmt::format("sweep parameter {}: the level of {}", p.name, p.key_path), "1", {}, {}, {}};
    unit.reals.reserve(runs);
    for (std::uint64_t r = 0; r < runs; ++r) {
      const auto pt = static_cast<std::size_t>(sweep_run(spec, r).point);
      const double v = design.value_at(pt, i);
      if (date) value.integers.push_back(static_cast<std::int64_t>(v));
      else value.reals.push_back(v);
      if (p.has_levels()) level.texts.push_back(format_value(p, v));
      unit.reals.push_back(design.unit_at(pt, i));
    }
    out.push_back(std::move(value));
    out.push_back(std::move(unit));
    if (p.has_levels()) out.push_back(std::move(level));
  }
  return out;
}

std::vector<SweepAttribute> sweep_attributes(const SweepSpec& spec, const Design& design) {
  std::vector<std::string> names, keys, kinds;
  for (const auto& p : spec.parameters) {
    names.push_back(p.name);
    keys.push_back(p.key_path);
    kinds.emplace_back(to_string(p.kind));
  }
  std::vector<SweepAttribute> out = {
      {"design", std::string(to_string(spec.design.kind))},
      {"sweep_name", spec.name},
      {"sweep_seed", spec.seed},
      {"replicates", static_cast<std::int64_t>(spec.replicates)},
      {"common_random_numbers", static_cast<std::int64_t>(spec.common_random_numbers ? 1 : 0)},
      {"points", static_cast<std::int64_t>(design.points)},
      {"parameters", fmt::format("{}", fmt::join(names, ","))},
      {"parameter_keys", fmt::format("{}", fmt::join(keys, ","))},
      {"parameter_kinds", fmt::format("{}", fmt::join(kinds, ","))},
      {"output_level", std::string(to_string(spec.output))},
  };
  switch (spec.design.kind) {
    case DesignKind::grid: break;
    case DesignKind::lhs: out.push_back({"lhs_n", static_cast<std::int64_t>(spec.design.n)}); break;
    case DesignKind::sobol:
      out.push_back({"sobol_n", static_cast<std::int64_t>(spec.design.n)});
      out.push_back({"sobol_skip", static_cast<std::int64_t>(spec.design.skip)});
      break;
    case DesignKind::morris:
      out.push_back({"morris_r", static_cast<std::int64_t>(spec.design.r)});
      out.push_back({"morris_levels", static_cast<std::int64_t>(spec.design.levels)});
      out.push_back({"morris_delta", morris_delta(spec.design.levels)});
      break;
  }
  return out;
}

}  // namespace yucun::sweep
