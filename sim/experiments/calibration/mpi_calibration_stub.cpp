// The MPI calibration in a build without MPI: nothing runs across processes.
#include <stdexcept>

#include "sim/experiments/calibration/mpi_calibration.hpp"

namespace yucun::calibration::mpi {

RunTargetsSource Coordinator::source() { throw std::runtime_error("this yucun was built without MPI"); }
void Coordinator::finish() {}
void work(sweep::mpi::Session&, const LoadedCalibration&, int, const std::atomic<bool>&) {
  throw std::runtime_error("this yucun was built without MPI");
}

}  // namespace yucun::calibration::mpi
