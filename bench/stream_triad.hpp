// A STREAM-style triad, a[i] = b[i] + s * c[i], over arrays much larger than
// the caches: the memory bandwidth the engine's loops could reach at best.
#pragma once

#include <cstddef>

namespace yucun::bench {

struct TriadResult {
  double best_gb_per_s = 0;  // STREAM convention: 24 bytes per element (two reads, one write)
  std::size_t array_bytes = 0;
};

// Runs the triad `repetitions` times on `elements` doubles per array with the
// current TBB concurrency (static partitions, first touch in parallel).
TriadResult stream_triad(std::size_t elements, int repetitions);

}  // namespace yucun::bench
