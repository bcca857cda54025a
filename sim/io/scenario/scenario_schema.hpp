// The scenario's YAML keys, declared once: each parameter struct's fields()
// sits next to the struct, in the module that owns it (the root is
// fields(Scenario&) in sim/model/scenario.hpp), giving the key of each field
// and its allowed range. The loader reads by these declarations, the writer
// emits by them and sweeps ask them (scenario_keys.hpp), so none can drift.
//
// Each visitor V is called as v(key, field, bounds) for scalars, v(key, sub)
// for nested structs and v(key, vector) for lists of structs or dates.
#pragma once

#include "sim/core/field_bounds.hpp"
#include "sim/model/scenario.hpp"

namespace yucun::scenario {

using yucun::Bounds;

}  // namespace yucun::scenario
