#include "sim/experiments/step_loop.hpp"

namespace yucun::experiments {

void step_to_end(Simulation& sim, const std::function<bool()>& stop, const DayObserver& on_day) {
  while (!sim.finished()) {
    if (stop()) throw RunStopped{};
    const Date date = sim.today();
    sim.step();
    if (on_day) on_day(date, sim.indicators());
  }
}

}  // namespace yucun::experiments
