// A calibration across MPI processes (`mpirun -np K yucun calibrate ...`):
// rank 0 runs ABC-SMC and hands each batch's runs to ranks 1..K-1 as they ask
// (each run as its candidate's place and parameter values); the workers
// simulate them, several at once on their node's cores, and send back the
// targets' values. The same runs give the same values, so the file is the
// local calibration's, byte for byte. Compiled with MPI (mpi_calibration.cpp)
// or as a stub that refuses; the interface has no MPI types.
#pragma once

#include <atomic>

#include "sim/experiments/calibration/calibration_runner.hpp"
#include "sim/experiments/mpi_sweep.hpp"

namespace yucun::calibration::mpi {

// Rank 0: the source of a calibration's runs (announces the start at its
// first batch). Call finish() once the calibration is over, done or not.
class Coordinator {
 public:
  explicit Coordinator(sweep::mpi::Session& session) : session_(session) {}
  RunTargetsSource source();
  // Tells every worker to stop (answering their last requests).
  void finish();

 private:
  sweep::mpi::Session& session_;
  int stopped_ = 0;
};

// Ranks > 0: simulates the runs rank 0 hands out, `threads` at a time, until
// told to stop.
void work(sweep::mpi::Session& session, const LoadedCalibration& loaded, int threads, const std::atomic<bool>& stop);

}  // namespace yucun::calibration::mpi
