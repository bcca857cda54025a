#include "sim/experiments/run_checkpoints.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "sim/io/checkpoint/run_checkpoint.hpp"
#include "yucun/version.hpp"

namespace yucun::experiments {

CheckpointPeriod parse_checkpoint_period(std::string_view text) {
  CheckpointPeriod p;
  if (text == "month") {
    p.month_end = true;
    return p;
  }
  if (text == "year") {
    p.year_end = true;
    return p;
  }
  const auto bad = [&] {
    return std::invalid_argument(fmt::format("'{}' is not a checkpoint period: give simulated days ('30d'), 'month' "
                                             "or 'year', or wall-clock time ('90s', '10min', '2h')",
                                             text));
  };
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || !(number > 0) || end == text.data()) throw bad();
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (unit == "d") {
    if (number != static_cast<int>(number) || number > 1e6) throw bad();
    p.days = static_cast<int>(number);
  } else if (unit == "s" || unit == "min" || unit == "h") {
    p.seconds = number * (unit == "s" ? 1 : unit == "min" ? 60 : 3600);
  } else {
    throw bad();
  }
  return p;
}

namespace {

// One run's checkpoints: the days it reported (a checkpoint holds them, so
// a restart writes the same file) and when the last checkpoint was written.
class RunCheckpointer {
 public:
  RunCheckpointer(CheckpointSchedule schedule, std::function<void(const std::string&, Date)> note)
      : schedule_(std::move(schedule)), note_(std::move(note)) {}

  void start(const Simulation& sim) {
    days_ = std::make_unique<output::RunSeries>(sim.calendar().start(), sim.day_count(), sim.roads().village_count());
    last_ = std::chrono::steady_clock::now();
    days_at_last_ = sim.days_done();
  }
  void day(const DayIndicators& d) { days_->append_day(d); }
  // Between two days: first before the run's first new day (only the dates
  // to keep apply there), then after each day.
  void after(const Simulation& sim) {
    const bool first = !stepping_;
    stepping_ = true;
    if (sim.finished()) return;
    const Date next = sim.today();
    for (const auto& [day, path] : schedule_.at)
      if (day == next) write(sim, path);
    bool due = false;
    if (!first) {
      const CheckpointPeriod& e = schedule_.every;
      if (e.days > 0 && sim.days_done() - days_at_last_ >= e.days) due = true;
      if (e.month_end && next.day() == 1) due = true;
      if (e.year_end && next.day() == 1 && next.month() == 1) due = true;
      if (e.seconds > 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count() >= e.seconds)
        due = true;
    }
    if (due) write(sim, schedule_.path);
  }
  void stopped(const Simulation& sim) {
    if (schedule_.on_stop && !schedule_.path.empty() && (sim.days_done() != days_at_last_ || !written_))
      write(sim, schedule_.path);
  }

 private:
  void write(const Simulation& sim, const std::string& path) {
    checkpoint::write_checkpoint(path, sim, kVersion, days_.get());
    if (path == schedule_.path) {
      last_ = std::chrono::steady_clock::now();
      days_at_last_ = sim.days_done();
      written_ = true;
    }
    if (note_) note_(path, sim.today());
  }

  CheckpointSchedule schedule_;
  std::function<void(const std::string&, Date)> note_;
  std::unique_ptr<output::RunSeries> days_;
  std::chrono::steady_clock::time_point last_;
  int days_at_last_ = 0;
  bool stepping_ = false;
  bool written_ = false;  // the periodic file
};

}  // namespace

RunHooks with_checkpoints(RunHooks hooks, const CheckpointSchedule& schedule,
                          std::function<void(const std::string& path, Date next_day)> note) {
  auto cp = std::make_shared<RunCheckpointer>(schedule, std::move(note));
  hooks.on_start = [cp, inner = hooks.on_start](const RunPlan& plan, const Simulation& sim) {
    if (inner) inner(plan, sim);
    cp->start(sim);
  };
  // A restarted run's earlier days come through on_day before its first new
  // day; a checkpoint due at the start is written once they are all in.
  hooks.on_day = [cp, inner = hooks.on_day](const RunPlan& plan, Date date, const DayIndicators& day) {
    cp->day(day);
    if (inner) inner(plan, date, day);
  };
  hooks.after_day = [cp, inner = hooks.after_day](const RunPlan& plan, const Simulation& sim) {
    if (inner) inner(plan, sim);
    cp->after(sim);
  };
  hooks.on_stop = [cp, inner = hooks.on_stop](const RunPlan& plan, const Simulation& sim) {
    if (inner) inner(plan, sim);
    cp->stopped(sim);
  };
  return hooks;
}

std::function<StartedRun(const RunPlan&)> restart_from(std::string path) {
  return [path = std::move(path)](const RunPlan& plan) {
    checkpoint::Restored r = checkpoint::restore(path, *plan.scenario, plan.identity, kVersion);
    return StartedRun{std::move(r.sim), std::move(r.series), true};
  };
}

std::function<StartedRun(const RunPlan&)> spin_up_cache(std::string folder) {
  return [folder = std::move(folder)](const RunPlan& plan) {
    StartedRun started;
    if (plan.scenario->spin_up.years <= 0) {  // nothing to keep
      started.sim = std::make_unique<Simulation>(*plan.scenario, plan.identity);
      return started;
    }
    const std::string file =
        (std::filesystem::path(folder) / checkpoint::spin_up_file_name(*plan.scenario, plan.identity)).string();
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(file, ec))) {
      try {
        checkpoint::Restored r = checkpoint::restore(file, *plan.scenario, plan.identity, kVersion);
        if (r.info.days_done == 0) {
          started.sim = std::move(r.sim);
          started.restored = true;
          return started;
        }
      } catch (const checkpoint::CheckpointError&) {
        // Another build's, damaged, or a digest collision: computed again below and replaced.
      }
    }
    started.sim = std::make_unique<Simulation>(*plan.scenario, plan.identity);
    checkpoint::write_checkpoint(file, *started.sim, kVersion, nullptr);
    return started;
  };
}

std::function<StartedRun(const RunPlan&)> shared_spin_ups(std::size_t max_kept) {
  struct Store {
    std::mutex mutex;
    // (branch key, seed, run) -> the state right after the spin-up, once computed.
    std::map<std::tuple<std::string, std::uint64_t, std::uint32_t>, std::shared_future<std::string>> states;
  };
  auto store = std::make_shared<Store>();
  return [store, max_kept](const RunPlan& plan) {
    StartedRun started;
    const Scenario& s = *plan.scenario;
    if (s.spin_up.years <= 0) {
      started.sim = std::make_unique<Simulation>(s, plan.identity);
      return started;
    }
    auto key = std::make_tuple(checkpoint::branch_key(s, s.calendar.start), plan.identity.seed, plan.identity.run);
    std::shared_future<std::string> state;
    std::optional<std::promise<std::string>> mine;  // set: this run computes the state for the others
    {
      std::lock_guard lock(store->mutex);
      if (auto it = store->states.find(key); it != store->states.end()) {
        state = it->second;
      } else if (store->states.size() < max_kept) {
        mine.emplace();
        state = mine->get_future().share();
        store->states.emplace(std::move(key), state);
      }
    }
    if (!state.valid() || mine) {
      try {
        started.sim = std::make_unique<Simulation>(s, plan.identity);
        if (mine) mine->set_value(checkpoint::checkpoint_bytes(*started.sim, kVersion, nullptr));
      } catch (...) {
        if (mine) mine->set_exception(std::current_exception());  // the waiting runs fail as this one does
        throw;
      }
      return started;
    }
    checkpoint::Restored r = checkpoint::restore_bytes(state.get(), "the sweep's shared spin-up", s, plan.identity, kVersion);
    started.sim = std::move(r.sim);
    started.restored = true;
    return started;
  };
}

}  // namespace yucun::experiments
