// The MPI calibration (built when CMake finds MPI). As in the MPI sweep, only
// each process's main thread calls MPI and rank 0 polls with short sleeps.
// Between batches (while rank 0 makes the next generation's candidates) the
// workers' requests wait in MPI's queue.
#include "sim/experiments/calibration/mpi_calibration.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <mpi.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

namespace yucun::calibration::mpi {

namespace {

// Tags of their own: a calibration's messages are never a sweep's.
enum Tag : int { kRequest = 11, kAssign = 12, kResult = 13 };
constexpr std::uint64_t kStop = std::numeric_limits<std::uint64_t>::max();

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(fmt::format("MPI: {} failed (error {})", what, code));
}

template <class T> void put(std::string& bytes, const T& v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
template <class T> T take(const std::string& bytes, std::size_t& at) {
  if (at + sizeof(T) > bytes.size()) throw std::runtime_error("MPI: a calibration message is truncated");
  T v;
  std::memcpy(&v, bytes.data() + at, sizeof v);
  at += sizeof v;
  return v;
}

// An assignment: the run's index in its batch, then its candidate and replicate.
std::string encode(std::uint64_t index, const CandidateRun& r) {
  std::string b;
  put(b, index);
  put<std::uint64_t>(b, r.candidate.generation);
  put<std::uint64_t>(b, r.candidate.batch);
  put<std::uint64_t>(b, r.candidate.index);
  put<std::uint64_t>(b, r.replicate);
  put<std::uint64_t>(b, r.candidate.theta.size());
  for (double x : r.candidate.theta) put(b, x);
  return b;
}

std::pair<std::uint64_t, CandidateRun> decode_run(const std::string& b) {
  std::size_t at = 0;
  const auto index = take<std::uint64_t>(b, at);
  CandidateRun r;
  r.candidate.generation = take<std::uint64_t>(b, at);
  r.candidate.batch = take<std::uint64_t>(b, at);
  r.candidate.index = take<std::uint64_t>(b, at);
  r.replicate = static_cast<std::uint32_t>(take<std::uint64_t>(b, at));
  const auto k = take<std::uint64_t>(b, at);
  for (std::uint64_t i = 0; i < k; ++i) r.candidate.theta.push_back(take<double>(b, at));
  return {index, std::move(r)};
}

// A result: the run's index, done/ok, the values bit for bit, the error.
std::string encode(std::uint64_t index, const RunTargets& t) {
  std::string b;
  put(b, index);
  put<std::uint8_t>(b, t.done ? 1 : 0);
  put<std::uint8_t>(b, t.ok ? 1 : 0);
  put<std::uint64_t>(b, t.values.size());
  for (double x : t.values) put(b, x);
  put<std::uint64_t>(b, t.error.size());
  b += t.error;
  return b;
}

std::pair<std::uint64_t, RunTargets> decode_targets(const std::string& b) {
  std::size_t at = 0;
  const auto index = take<std::uint64_t>(b, at);
  RunTargets t;
  t.done = take<std::uint8_t>(b, at) != 0;
  t.ok = take<std::uint8_t>(b, at) != 0;
  const auto m = take<std::uint64_t>(b, at);
  for (std::uint64_t i = 0; i < m; ++i) t.values.push_back(take<double>(b, at));
  const auto n = take<std::uint64_t>(b, at);
  if (at + n > b.size()) throw std::runtime_error("MPI: a calibration result is truncated");
  t.error = b.substr(at, n);
  return {index, std::move(t)};
}

std::string receive(int from, int tag, MPI_Status& status) {
  int bytes = 0;
  MPI_Get_count(&status, MPI_BYTE, &bytes);
  std::string b(static_cast<std::size_t>(std::max(bytes, 0)), '\0');
  check(MPI_Recv(b.data(), bytes, MPI_BYTE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
  return b;
}

void send_stop(int to) {
  const std::string b(reinterpret_cast<const char*>(&kStop), sizeof kStop);
  check(MPI_Send(b.data(), static_cast<int>(b.size()), MPI_BYTE, to, kAssign, MPI_COMM_WORLD), "MPI_Send stop");
}

}  // namespace

RunTargetsSource Coordinator::source() {
  return [this](const LoadedCalibration&, const std::vector<CandidateRun>& runs, const std::atomic<bool>& stop,
                const std::function<void(std::size_t, RunTargets)>& on_done) {
    if (!session_.started()) session_.announce_start(true);
    std::size_t next = 0, received = 0, outstanding = 0;
    while (received < runs.size()) {
      const bool assigning = next < runs.size() && !stop.load();
      if (!assigning && outstanding == 0) return;  // stopped: the runs in flight are back
      int flag = 0;
      MPI_Status status;
      // With runs to hand out, any message; else results only (requests wait
      // for the next batch).
      check(MPI_Iprobe(MPI_ANY_SOURCE, assigning ? MPI_ANY_TAG : kResult, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
      if (!flag) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
        continue;
      }
      const int from = status.MPI_SOURCE;
      if (status.MPI_TAG == kRequest) {
        int slots = 0;
        check(MPI_Recv(&slots, 1, MPI_INT, from, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv request");
        if (slots <= 0) {  // the worker is leaving (stopped by a signal)
          send_stop(from);
          ++stopped_;
          continue;
        }
        const std::string b = encode(next, runs[next]);
        ++next;
        ++outstanding;
        check(MPI_Send(b.data(), static_cast<int>(b.size()), MPI_BYTE, from, kAssign, MPI_COMM_WORLD), "MPI_Send run");
      } else if (status.MPI_TAG == kResult) {
        auto [index, targets] = decode_targets(receive(from, kResult, status));
        --outstanding;
        if (index >= runs.size()) throw std::runtime_error(fmt::format("MPI: rank {} sent a result for no run", from));
        if (targets.done) ++received;
        on_done(static_cast<std::size_t>(index), std::move(targets));
      } else {
        throw std::runtime_error(fmt::format("MPI: unexpected message (tag {}) from rank {}", status.MPI_TAG, from));
      }
    }
  };
}

void Coordinator::finish() {
  if (!session_.started()) return;
  const int workers = session_.size() - 1;
  while (stopped_ < workers) {
    MPI_Status status;
    check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Probe");
    const int from = status.MPI_SOURCE;
    if (status.MPI_TAG == kRequest) {
      int slots = 0;
      check(MPI_Recv(&slots, 1, MPI_INT, from, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv request");
      send_stop(from);
      ++stopped_;
    } else {
      receive(from, status.MPI_TAG, status);  // a result nobody waits for any more
    }
  }
}

void work(sweep::mpi::Session&, const LoadedCalibration& loaded, int threads, const std::atomic<bool>& stop) {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::string> results;  // encoded results, for the main thread to send
  int in_flight = 0;
  bool told_to_stop = false;
  threads = std::max(1, threads);
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads) + 1);
  tbb::task_arena arena(threads, 0);
  tbb::task_group group;
  while (true) {
    while (in_flight < threads && !told_to_stop && !stop.load()) {
      int slots = threads - in_flight;
      check(MPI_Send(&slots, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD), "MPI_Send request");
      MPI_Status status;
      check(MPI_Probe(0, kAssign, MPI_COMM_WORLD, &status), "MPI_Probe");
      const std::string b = receive(0, kAssign, status);
      if (b.size() == sizeof kStop) {
        told_to_stop = true;
        break;
      }
      auto [index, run] = decode_run(b);
      ++in_flight;
      arena.execute([&, index = index, run = std::move(run)] {
        group.run([&, index, run] {
          std::string record;
          try {
            RunTargets t;
            tbb::this_task_arena::isolate([&] {
              t = simulate_candidate_run(loaded, run, [&stop] { return stop.load(std::memory_order_relaxed); });
            });
            record = encode(index, t);
          } catch (const std::exception& e) {
            record = encode(index, RunTargets{true, false, {}, e.what()});
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
    check(MPI_Send(record.data(), static_cast<int>(record.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD),
          "MPI_Send result");
    --in_flight;
  }
  arena.execute([&] { group.wait(); });
  if (!told_to_stop) {  // stopped by a signal: say so, so that rank 0 counts this process out
    int slots = 0;
    check(MPI_Send(&slots, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD), "MPI_Send request");
    MPI_Status status;
    check(MPI_Probe(0, kAssign, MPI_COMM_WORLD, &status), "MPI_Probe");
    receive(0, kAssign, status);
  }
}

}  // namespace yucun::calibration::mpi
