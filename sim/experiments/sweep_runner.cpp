#include "sim/experiments/sweep_runner.hpp"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/experiments/sweep_points.hpp"
#include "yucun/version.hpp"

namespace yucun::sweep {

output::ResultLayout SweepContext::layout() const {
  const Calendar calendar(base.calendar);
  return output::ResultLayout{calendar.start(), calendar.day_count(), base.world.villages, base.world.roads,
                              base.tourism.gateway};
}

SweepContext make_context(const LoadedSweep& loaded) {
  SweepContext c;
  c.spec = loaded.spec;
  c.design = make_design(loaded.spec);
  c.base = loaded.base;
  c.runs = run_count(loaded.spec);
  c.fingerprint = sweep_fingerprint(loaded);
  return c;
}

std::string sweep_fingerprint(const LoadedSweep& loaded) {
  const SweepSpec& s = loaded.spec;
  std::string text = fmt::format("yucun {}\nname {}\nseed {}\nreplicates {}\noutput {}\n", kVersion, s.name, s.seed,
                                 s.replicates, to_string(s.output));
  if (s.common_random_numbers) text += "common random numbers\n";
  text += fmt::format("design {} n {} r {} levels {} skip {}\n", to_string(s.design.kind), s.design.n, s.design.r,
                      s.design.levels, s.design.skip);
  for (const auto& f : s.fixed) text += fmt::format("set {}\n", f.assignment());
  for (const auto& p : s.parameters) {
    text += fmt::format("parameter {} {} lo {:a} hi {:a} log {} integer {} values", p.name, p.key_path, p.lo, p.hi,
                        p.log, p.integer);
    for (double v : p.values) text += fmt::format(" {:a}", v);
    if (!p.levels.empty()) text += fmt::format(" levels {}", fmt::join(p.levels, " "));
    if (p.kind != ParameterKind::number) text += fmt::format(" kind {}", to_string(p.kind));
    text += '\n';
    // A scenario level decides its runs as the base does: by its content, not its path.
    for (std::size_t l = 0; l < p.files.size(); ++l)
      text += fmt::format("level {}\n{}", p.levels[l], scenario::to_yaml(scenario::load_scenario(p.files[l], s.fixed_assignments())));
  }
  text += "base\n" + scenario::to_yaml(loaded.base);
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

namespace {

// Why a run cannot go into the sweep's file, or nothing.
std::optional<std::string> layout_mismatch(const output::ResultLayout& layout, const Scenario& s) {
  const Calendar calendar(s.calendar);
  if (calendar.start() != layout.start || calendar.day_count() != layout.day_count)
    return fmt::format("the run covers {} days from {}, the sweep's file {} days from {} (the base scenario's): "
                       "a sweep cannot vary the calendar",
                       calendar.day_count(), calendar.start().to_string(), layout.day_count, layout.start.to_string());
  bool same = s.world.villages.size() == layout.villages.size();
  for (std::size_t v = 0; same && v < layout.villages.size(); ++v) same = s.world.villages[v].name == layout.villages[v].name;
  if (!same) return std::string("the run's villages differ from the base scenario's: a sweep cannot vary the list of villages");
  return std::nullopt;
}

}  // namespace

experiments::PlanOf sweep_plans(const SweepContext& context) {
  return [&context](std::uint64_t run) {
    auto s = std::make_shared<const Scenario>(build_run_scenario(context.spec, context.design, run));
    if (auto why = layout_mismatch(context.layout(), *s)) throw std::runtime_error(*why);
    const SweepRun r = sweep_run(context.spec, run);
    return experiments::RunPlan{run, s, RunIdentity{s->seed, r.replicate},
                                context.spec.output == OutputLevel::full ? experiments::RunPlan::Keep::all
                                                                         : experiments::RunPlan::Keep::yearly};
  };
}

}  // namespace yucun::sweep
