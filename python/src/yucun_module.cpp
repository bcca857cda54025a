// `_yucun`, the compiled part of the Python package `yucun` (python/yucun,
// docs/python.md): loads scenarios and runs them into an in-memory result
// file through the same engine code as `yucun run` (scenario loader,
// experiments::run_scenario, the result writer), and exposes the statistics
// `yucun compare` uses. The only C++ file that knows Python; the engine's
// layers know nothing of it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/info.h>

#include "sim/core/calendar.hpp"
#include "sim/experiments/scenario_runs.hpp"
#include "sim/experiments/step_loop.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/statistics.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_keys.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_warnings.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "yucun/version.hpp"

namespace py = pybind11;
using namespace yucun;

namespace {

// A resolved scenario (extends and overrides applied, validated), shared
// with the runs that use it.
struct LoadedScenario {
  std::shared_ptr<const Scenario> scenario;
  std::string source;  // the path, or "@baseline"
};

LoadedScenario load(const std::string& source, const std::vector<std::string>& overrides) {
  Scenario s;
  {
    py::gil_scoped_release release;
    s = scenario::load_scenario(source, overrides);
  }
  return LoadedScenario{std::make_shared<const Scenario>(std::move(s)),
                        source.empty() ? std::string(scenario::kBuiltinBaselineName) : source};
}

// Runs the scenario as `yucun run` does (one run, or replicates 0..N-1 into a
// file with a run dimension) and returns the result file's bytes: the same
// bytes `yucun run` writes for the same scenario, seed and run. The GIL is
// released while the runs go on; Ctrl-C (a pending Python signal) stops them
// and raises KeyboardInterrupt.
py::bytes run(const LoadedScenario& loaded, std::optional<std::uint64_t> seed,
              std::optional<std::uint32_t> replicates, std::uint32_t run_number, int threads) {
  if (replicates && *replicates == 0) throw py::value_error("replicates: expected at least 1");
  if (replicates && run_number != 0)
    throw py::value_error("replicates=N runs the replicates run=0 to N-1 into one result; it cannot be combined "
                          "with run (drop run, or drop replicates to get the single run run=R)");
  if (threads < 0) throw py::value_error("threads: expected 0 (all cores) or more");
  std::shared_ptr<const Scenario> s = loaded.scenario;
  if (seed) {
    Scenario with_seed = *s;
    with_seed.seed = *seed;
    s = std::make_shared<const Scenario>(std::move(with_seed));
  }
  experiments::ScenarioRuns runs{s, run_number, replicates, std::string(), false};
  runs.in_memory = true;
  const int n = threads > 0 ? threads : tbb::info::default_concurrency();
  std::atomic<bool> stop{false};
  std::vector<char> image;
  {
    py::gil_scoped_release release;
    tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(n));
    auto done = std::async(std::launch::async, [&] { return experiments::run_scenario(runs, stop); });
    while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        stop.store(true);
        {
          py::gil_scoped_release wait;
          done.wait();
        }
        throw py::error_already_set();
      }
    }
    try {
      image = done.get();
    } catch (const experiments::RunStopped&) {
      throw std::runtime_error("the run was stopped");
    }
  }
  return py::bytes(image.data(), image.size());
}

std::vector<double> finite_values(const std::vector<double>& x) {
  std::vector<double> out;
  for (double v : x)
    if (!std::isnan(v)) out.push_back(v);
  return out;
}

}  // namespace

PYBIND11_MODULE(_yucun, m) {
  m.doc() = "yucun's engine: load scenarios, run them into in-memory result files (use the package `yucun`)";
  m.attr("__version__") = kVersion;
  m.attr("BUILTIN_BASELINE") = std::string(scenario::kBuiltinBaselineName);

  // A bad scenario raises ScenarioError (a ValueError) with the CLI's message:
  // every problem with its file:line:column and key path.
  static py::exception<scenario::ScenarioError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const scenario::ScenarioError& e) {
      scenario_error(e.what());
    }
  });
  py::register_exception<output::OutputError>(m, "OutputError", PyExc_RuntimeError);

  py::class_<LoadedScenario>(m, "Scenario", "A resolved scenario: extends and overrides applied, validated")
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario->name; })
      .def_property_readonly("source", [](const LoadedScenario& s) { return s.source; })
      .def_property_readonly("seed", [](const LoadedScenario& s) { return s.scenario->seed; })
      .def_property_readonly("start", [](const LoadedScenario& s) { return s.scenario->calendar.start.to_string(); })
      .def_property_readonly("years", [](const LoadedScenario& s) { return s.scenario->calendar.years; })
      .def_property_readonly("days", [](const LoadedScenario& s) { return Calendar(s.scenario->calendar).day_count(); })
      .def_property_readonly("villages",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> names;
                               for (const auto& v : s.scenario->world.villages) names.push_back(v.name);
                               return names;
                             })
      .def_property_readonly("townships",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> names;
                               for (const auto& v : s.scenario->world.villages) names.push_back(v.township);
                               return names;
                             })
      .def("to_yaml", [](const LoadedScenario& s) { return scenario::to_yaml(*s.scenario); },
           "The resolved scenario as YAML (what `yucun show` prints)")
      .def("warnings", [](const LoadedScenario& s) { return scenario::scenario_warnings(*s.scenario); },
           "What `yucun run` warns about the scenario (e.g. a lever that never switches on)");

  m.def("load_scenario", &load, py::arg("source"), py::arg("overrides") = std::vector<std::string>{},
        "Loads a scenario file or \"@baseline\" with `key.path=value` overrides (as `--set`)");
  m.def("run", &run, py::arg("scenario"), py::arg("seed") = std::nullopt, py::arg("replicates") = std::nullopt,
        py::arg("run") = 0, py::arg("threads") = 0,
        "Runs the scenario as `yucun run` does and returns the result file's bytes");

  // The schema of one key path, for forms (the planner's workbench): what
  // kind of value it takes and its bounds, as the loader checks them.
  m.def(
      "describe_key",
      [](const std::string& key_path) {
        const scenario::KeyLookup found = scenario::describe_key(key_path);
        py::dict d;
        d["found"] = found.found;
        if (!found.found) {
          d["error"] = found.error_path.empty() ? found.error : found.error_path + ": " + found.error;
          return d;
        }
        d["kind"] = std::string(scenario::describe(found.key.kind));
        const Bounds& b = found.key.bounds;
        d["lo"] = std::isfinite(b.lo) ? py::object(py::float_(b.lo)) : py::object(py::none());
        d["hi"] = std::isfinite(b.hi) ? py::object(py::float_(b.hi)) : py::object(py::none());
        d["lo_open"] = b.lo_open;
        d["required"] = b.required;
        d["options"] = found.key.options.words;
        return d;
      },
      py::arg("key_path"),
      "What the scenario schema says of a key path (as --set takes it): kind ('a number', 'a whole number', "
      "'true or false', 'text', 'a date', 'a named value', 'a list', 'a map'), bounds lo/hi (None: open), "
      "lo_open, required, options (an option's words); found=False with the loader's error otherwise");

  m.def(
      "mean_interval",
      [](const std::vector<double>& x, double level) {
        const auto r = output::mean_interval(finite_values(x), level);
        return py::make_tuple(r.mean, r.low, r.high, r.n);
      },
      py::arg("values"), py::arg("level") = 0.95,
      "Mean and Student-t interval of the values (NaN left out): (mean, low, high, n)");
  m.def(
      "welch_interval",
      [](const std::vector<double>& a, const std::vector<double>& b, double level) {
        const auto r = output::welch_interval(finite_values(a), finite_values(b), level);
        return py::make_tuple(r.diff, r.low, r.high, r.df);
      },
      py::arg("a"), py::arg("b"), py::arg("level") = 0.95,
      "mean(b) - mean(a) and its Welch interval (NaN left out): (diff, low, high, df)");
  m.def(
      "paired_interval",
      [](const std::vector<double>& a, const std::vector<double>& b, double level) {
        if (a.size() != b.size())
          throw py::value_error("paired_interval: a and b must have the same length (" + std::to_string(a.size()) +
                                " and " + std::to_string(b.size()) + ")");
        std::vector<double> x, y;
        for (std::size_t i = 0; i < a.size(); ++i)
          if (!std::isnan(a[i]) && !std::isnan(b[i])) {
            x.push_back(a[i]);
            y.push_back(b[i]);
          }
        const auto r = output::paired_interval(x, y, level);
        return py::make_tuple(r.diff, r.low, r.high, r.df);
      },
      py::arg("a"), py::arg("b"), py::arg("level") = 0.95,
      "mean(b - a) over pairs and the paired t interval (pairs with NaN left out): (diff, low, high, df)");
}
