// HDF5 files written straight into a claimed temporary (PartFile) while they
// are built, so that memory stays bounded whatever the size of the output
// (issue 18, "a writer that streams"). A small virtual file driver of our
// own: HDF5's sec2 driver would take its own lock on the file (clashing with
// the claim's flock), and a failed write there leaves the library unable to
// close the file, which then crashes or loops when the process exits.
#pragma once

#include <string>

#include "sim/io/output/hdf5_file.hpp"

namespace yucun::output {

class PartFile;

// The first write to the temporary that failed (disk full, file-size limit),
// as the message to report: "cannot write '.x.h5.part-N' (at byte B, K
// bytes): File too large". Read and written only under the HDF5 lock.
class DiskWriteFailure {
 public:
  bool failed() const { return failed_; }
  // Throws OutputError with the message, if a write failed.
  void rethrow() const;
  // Keeps the first failure (called inside HDF5: never throws).
  void record(const char* path, unsigned long long at_byte, int error) noexcept;

 private:
  bool failed_ = false;
  std::string message_;  // empty if there was no memory left to make it
};

// Creates an HDF5 file (properties `fcpl`) whose bytes go to `part`'s open
// descriptor as HDF5 writes them. A write that fails is recorded in `failure`
// and every later write is dropped, while HDF5 is told they succeeded: the
// library's state stays consistent, so the file still closes (and the
// process exits) cleanly; the caller checks `failure` after its HDF5 calls
// and never publishes such a file. Byte for byte the file HDF5's in-memory
// (core) driver would build from the same calls. `part` and `failure` must
// outlive the file.
Handle create_on_part(const PartFile& part, hid_t fcpl, DiskWriteFailure& failure);

}  // namespace yucun::output
