#include "bench/stream_triad.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

namespace yucun::bench {

TriadResult stream_triad(std::size_t elements, int repetitions) {
  // Uninitialised storage, first touched by the threads that will use it.
  std::unique_ptr<double[]> a(new double[elements]), b(new double[elements]), c(new double[elements]);
  const tbb::blocked_range<std::size_t> all(0, elements, 1 << 16);
  tbb::static_partitioner partition;
  tbb::parallel_for(all, [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      a[i] = 0.0;
      b[i] = 1.0;
      c[i] = 2.0;
    }
  }, partition);
  const double s = 3.0;
  double best = 1e300;
  for (int k = 0; k < repetitions; ++k) {
    const auto t0 = std::chrono::steady_clock::now();
    tbb::parallel_for(all, [&](const auto& r) {
      double* __restrict pa = a.get();
      const double* __restrict pb = b.get();
      const double* __restrict pc = c.get();
      for (std::size_t i = r.begin(); i != r.end(); ++i) pa[i] = pb[i] + s * pc[i];
    }, partition);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  volatile double sink = a[elements / 2];  // keep the stores
  (void)sink;
  return TriadResult{24.0 * static_cast<double>(elements) / best / 1e9, 3 * elements * sizeof(double)};
}

}  // namespace yucun::bench
