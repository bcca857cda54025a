// `yucun sweep SWEEP.yaml -o OUT.h5`: runs a sweep into one result file, here
// on all cores or across MPI processes when mpirun started several, with a
// progress line, checkpoints for --resume, and --shard I/N for job arrays.
#pragma once

#include "sim/cli/sweep_command.hpp"

namespace yucun::cli {

// Exit codes: 0 every run completed; 1 a run failed (the file is written,
// with the failure in status and error) or writing failed; 2 bad input
// (sweep, options, an existing output, a work folder in the way); 130
// interrupted (finished runs are kept for --resume).
int run_sweep_command(const SweepArgs& args);

// True in the processes above rank 0 of an MPI launch: they print nothing of
// what rank 0 prints too (a bad sweep file, the estimate).
bool is_mpi_worker_process();

}  // namespace yucun::cli
