// A sweep across MPI processes (`mpirun -np K yucun sweep ...`): rank 0 hands
// out runs one at a time as processes ask for them (dynamic load balancing),
// receives each finished run as a run record, checkpoints it and writes the
// file exactly as a local sweep does; ranks 1..K-1 simulate, several runs at
// once on their node's cores. Compiled with MPI (mpi_sweep.cpp) or as a stub
// that refuses (mpi_sweep_stub.cpp); the interface has no MPI types.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "sim/experiments/sweep_execution.hpp"
#include "sim/experiments/sweep_runner.hpp"

namespace yucun::sweep::mpi {

bool built_with_mpi();

// How many processes a launcher (mpirun, srun with PMI) started, and this
// one's rank, from the environment, before MPI is initialised: 1 and 0 when
// the process was started alone.
int launched_size();
int launched_rank();

// MPI_Init .. MPI_Finalize, and the start of a sweep across the ranks.
class Session {
 public:
  Session();  // throws std::runtime_error without MPI
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const;
  int size() const;
  // Worker processes (ranks above 0) on this process's node.
  int workers_on_node() const;

  // Every rank passes the fingerprint of the sweep it loaded ("" when it could
  // not load it); rank 0 gets the ranks whose fingerprint differs from its
  // own (as "rank K: FINGERPRINT" lines), the others an empty string.
  std::string compare_fingerprints(const std::string& fingerprint);
  // Rank 0 says whether the sweep starts; the others wait for the answer.
  // Rank 0's go is given by the run source (once its own checks passed).
  bool wait_for_start();      // ranks > 0
  void announce_start(bool go);  // rank 0
  bool started() const;
  // Ends every process at once (rank 0, after an error once runs are out).
  [[noreturn]] void abort(int code);

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Rank 0: a run source that announces the start, then hands `runs` to the
// other ranks as they ask and passes each result to on_done.
RunSource coordinator(Session& session);

// Ranks > 0: simulates the runs rank 0 hands out, `threads` at a time, until
// told to stop.
void work(Session& session, const SweepContext& context, int threads, const std::atomic<bool>& stop);

}  // namespace yucun::sweep::mpi
