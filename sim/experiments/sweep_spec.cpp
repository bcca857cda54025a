#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

std::string_view to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::grid: return "grid";
    case DesignKind::lhs: return "lhs";
    case DesignKind::sobol: return "sobol";
    case DesignKind::morris: return "morris";
  }
  return "?";
}

std::string_view to_string(ParameterKind kind) {
  switch (kind) {
    case ParameterKind::number: return "number";
    case ParameterKind::date: return "date";
    case ParameterKind::flag: return "flag";
    case ParameterKind::option: return "option";
    case ParameterKind::scenario: return "scenario";
  }
  return "?";
}

std::string_view to_string(OutputLevel level) { return level == OutputLevel::full ? "full" : "summary"; }

std::vector<std::string> SweepSpec::fixed_assignments() const {
  std::vector<std::string> out;
  out.reserve(fixed.size());
  for (const auto& f : fixed) out.push_back(f.assignment());
  return out;
}

}  // namespace yucun::sweep
