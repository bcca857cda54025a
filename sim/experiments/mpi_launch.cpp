// How the process was launched, read from the environment before MPI starts:
// shared by the MPI build and the stub (a binary without MPI must still see
// that mpirun started several copies of it).
#include <cstdlib>
#include <string>

#include "sim/experiments/mpi_sweep.hpp"

namespace yucun::sweep::mpi {

namespace {

int from_env(std::initializer_list<const char*> names, int fallback) {
  for (const char* name : names)
    if (const char* v = std::getenv(name); v && *v) {
      try {
        return std::stoi(v);
      } catch (...) {
      }
    }
  return fallback;
}

}  // namespace

int launched_size() { return from_env({"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}, 1); }
int launched_rank() { return from_env({"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}, 0); }

}  // namespace yucun::sweep::mpi
