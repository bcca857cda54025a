// The MPI sweep (built when CMake finds MPI). Only the main thread of each
// process calls MPI (MPI_THREAD_FUNNELED); rank 0 polls for messages with
// short sleeps instead of blocking in MPI, whose busy wait would take a core
// from the workers on its node.
#include "sim/experiments/mpi_sweep.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <mpi.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "sim/experiments/run_record.hpp"

namespace yucun::sweep::mpi {

namespace {

enum Tag : int { kRequest = 1, kAssign = 2, kResult = 3 };
constexpr std::uint64_t kStop = std::numeric_limits<std::uint64_t>::max();
constexpr int kFingerprintBytes = 64;

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(fmt::format("MPI: {} failed (error {})", what, code));
}

}  // namespace

struct Session::State {
  int rank = 0;
  int size = 1;
  int workers_on_node = 0;
  bool started = false;
  std::string fingerprint;
};

bool built_with_mpi() { return true; }

Session::Session() : state_(std::make_unique<State>()) {
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("MPI: this MPI library does not allow threads (MPI_THREAD_FUNNELED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &state_->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &state_->size);
  MPI_Comm node;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node), "MPI_Comm_split_type");
  int node_size = 1, is_root = state_->rank == 0 ? 1 : 0, root_here = 0;
  MPI_Comm_size(node, &node_size);
  MPI_Allreduce(&is_root, &root_here, 1, MPI_INT, MPI_MAX, node);
  MPI_Comm_free(&node);
  state_->workers_on_node = node_size - root_here;
}

Session::~Session() { MPI_Finalize(); }

int Session::rank() const { return state_->rank; }
int Session::size() const { return state_->size; }
int Session::workers_on_node() const { return state_->workers_on_node; }
bool Session::started() const { return state_->started; }

std::string Session::compare_fingerprints(const std::string& fingerprint) {
  state_->fingerprint = fingerprint;
  char mine[kFingerprintBytes] = {};
  std::strncpy(mine, fingerprint.c_str(), kFingerprintBytes - 1);
  std::vector<char> all(state_->rank == 0 ? static_cast<std::size_t>(kFingerprintBytes) * state_->size : 0);
  check(MPI_Gather(mine, kFingerprintBytes, MPI_CHAR, all.data(), kFingerprintBytes, MPI_CHAR, 0, MPI_COMM_WORLD),
        "MPI_Gather");
  std::string differ;
  for (int r = 1; r < (state_->rank == 0 ? state_->size : 0); ++r) {
    const std::string theirs(all.data() + static_cast<std::size_t>(r) * kFingerprintBytes);
    if (theirs != fingerprint)
      differ += fmt::format("rank {}: {}\n", r, theirs.empty() ? "could not load the sweep" : "fingerprint " + theirs);
  }
  return differ;
}

bool Session::wait_for_start() {
  int go = 0;
  check(MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
  state_->started = go != 0;
  return state_->started;
}

void Session::announce_start(bool go) {
  int value = go ? 1 : 0;
  check(MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
  state_->started = go;
}

void Session::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

RunSource coordinator(Session& session) {
  return [&session](const SweepContext& context, std::span<const std::uint64_t> runs, const std::atomic<bool>& stop,
                    const RunDone& on_done) {
    session.announce_start(true);
    const int workers = session.size() - 1;
    std::vector<long> outstanding(static_cast<std::size_t>(session.size()), 0);
    std::vector<bool> stopped(static_cast<std::size_t>(session.size()), false);
    int stopped_count = 0;
    std::size_t next = 0;
    std::vector<char> buffer;
    while (stopped_count < workers || std::any_of(outstanding.begin(), outstanding.end(), [](long n) { return n > 0; })) {
      int flag = 0;
      MPI_Status status;
      check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
      if (!flag) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
        continue;
      }
      const int from = status.MPI_SOURCE;
      const auto w = static_cast<std::size_t>(from);
      if (status.MPI_TAG == kRequest) {
        int slots = 0;
        check(MPI_Recv(&slots, 1, MPI_INT, from, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv request");
        std::uint64_t run = kStop;  // slots 0: the worker is leaving (stopped by a signal)
        if (slots > 0 && !stop.load() && next < runs.size()) run = runs[next++];
        check(MPI_Send(&run, 1, MPI_UINT64_T, from, kAssign, MPI_COMM_WORLD), "MPI_Send assign");
        if (run == kStop) {
          if (!stopped[w]) ++stopped_count;
          stopped[w] = true;
        } else {
          ++outstanding[w];
        }
      } else if (status.MPI_TAG == kResult) {
        int bytes = 0;
        MPI_Get_count(&status, MPI_BYTE, &bytes);
        buffer.resize(static_cast<std::size_t>(std::max(bytes, 1)));
        check(MPI_Recv(buffer.data(), bytes, MPI_BYTE, from, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
              "MPI_Recv result");
        --outstanding[w];
        RunRecord record;
        try {
          record = decode_run_record(std::string_view(buffer.data(), static_cast<std::size_t>(bytes)), context.fingerprint);
        } catch (const std::exception& e) {
          throw std::runtime_error(fmt::format("a result from rank {} could not be read: {}", from, e.what()));
        }
        on_done(record.run, std::move(record.outcome));
      } else {
        throw std::runtime_error(fmt::format("MPI: unexpected message (tag {}) from rank {}", status.MPI_TAG, from));
      }
    }
  };
}

void work(Session&, const SweepContext& context, int threads, const std::atomic<bool>& stop) {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::string> results;  // encoded run records, for the main thread to send
  int in_flight = 0;
  bool told_to_stop = false;
  threads = std::max(1, threads);
  // `threads` runs at once on threads of their own; the main thread only
  // talks to rank 0 and sleeps in between.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads) + 1);
  tbb::task_arena arena(threads, 0);
  tbb::task_group group;
  const experiments::PlanOf plans = sweep_plans(context);
  while (true) {
    while (in_flight < threads && !told_to_stop && !stop.load()) {
      int slots = threads - in_flight;
      check(MPI_Send(&slots, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD), "MPI_Send request");
      std::uint64_t run = kStop;
      check(MPI_Recv(&run, 1, MPI_UINT64_T, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv assign");
      if (run == kStop) {
        told_to_stop = true;
        break;
      }
      ++in_flight;
      arena.execute([&, run] {
        group.run([&, run] {
          std::string record;  // empty: encoding failed (out of memory)
          try {
            RunOutcome outcome;
            tbb::this_task_arena::isolate([&] {
              outcome = experiments::simulate_run(plans, run, [&stop] { return stop.load(std::memory_order_relaxed); });
            });
            record = encode_run_record(context.fingerprint, run, outcome);
            if (record.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
              outcome = RunOutcome{RunStatus::failed, "the run's series are too large for one MPI message (2 GB)", {}, 0};
              record = encode_run_record(context.fingerprint, run, outcome);
            }
          } catch (...) {
            record.clear();
          }
          std::lock_guard lock(mutex);
          results.push_back(std::move(record));
          ready.notify_one();
        });
      });
    }
    if (in_flight == 0 && (told_to_stop || stop.load())) break;
    std::string record;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return !results.empty(); });
      record = std::move(results.front());
      results.pop_front();
    }
    if (record.empty()) throw std::runtime_error("a run's result could not be encoded (out of memory?)");
    check(MPI_Send(record.data(), static_cast<int>(record.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD),
          "MPI_Send result");
    --in_flight;
  }
  arena.execute([&] { group.wait(); });
  // Stopped by a signal before rank 0 said stop: say so (a request for no
  // runs), so that rank 0 counts this process as done.
  if (!told_to_stop) {
    int slots = 0;
    check(MPI_Send(&slots, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD), "MPI_Send request");
    std::uint64_t run = kStop;
    check(MPI_Recv(&run, 1, MPI_UINT64_T, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv assign");
  }
}

}  // namespace yucun::sweep::mpi
