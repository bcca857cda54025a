// The MPI sweep in a build without MPI: nothing runs across processes.
#include <cstdlib>
#include <stdexcept>

#include "sim/experiments/mpi_sweep.hpp"

namespace yucun::sweep::mpi {

struct Session::State {};

bool built_with_mpi() { return false; }

Session::Session() { throw std::runtime_error("this yucun was built without MPI"); }
Session::~Session() = default;
int Session::rank() const { return 0; }
int Session::size() const { return 1; }
int Session::workers_on_node() const { return 0; }
std::string Session::compare_fingerprints(const std::string&) { return {}; }
bool Session::wait_for_start() { return false; }
void Session::announce_start(bool) {}
bool Session::started() const { return false; }
void Session::abort(int code) { std::exit(code); }

RunSource coordinator(Session&) { throw std::runtime_error("this yucun was built without MPI"); }
void work(Session&, const SweepContext&, int, const std::atomic<bool>&) {
  throw std::runtime_error("this yucun was built without MPI");
}

}  // namespace yucun::sweep::mpi
