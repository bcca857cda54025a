// A finished run as bytes: its index, status, error and series, with the
// sweep's fingerprint and a checksum. The one format of a sweep's checkpoint
// files and of the results MPI workers send back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/experiments/sweep_runner.hpp"

namespace yucun::sweep {

struct RunRecord {
  std::uint64_t run = 0;
  RunOutcome outcome;
};

std::string encode_run_record(const std::string& fingerprint, std::uint64_t run, const RunOutcome& outcome);
// Throws std::runtime_error when the bytes are damaged (checksum), truncated,
// or of another sweep (fingerprint).
RunRecord decode_run_record(std::string_view bytes, const std::string& fingerprint);

}  // namespace yucun::sweep
