#pragma once

// Publishing a finished output: every command that writes a result, a
// calibration, a table or a scenario file builds it in a temporary file next
// to the final name and publishes it here, so that a file at the final name
// is always complete and never replaced without --force, even by two runs
// that start at the same moment with the same output (issue 18, fault 8).

#include <string>

namespace yucun::output {

// The temporary name of a writer of `target`: FOLDER/.NAME.part-PID.
std::string part_path_for(const std::string& target);

// Moves `temp` to `target`. With `overwrite`, replaces whatever regular file
// is there (rename). Without, publishes atomically only if nothing is at
// `target` (renameat2 RENAME_NOREPLACE, or link + unlink where the file
// system has no renameat2); if a file appeared there while this process was
// writing, removes `temp` and throws OutputError saying so. Throws
// OutputError for any other failure (`temp` is then left to the caller).
void publish_file(const std::string& temp, const std::string& target, bool overwrite);

// Temporaries (.NAME.part-*) of earlier writers of `target` that died before
// cleaning up. A writer holds an exclusive flock on its temporary while it
// writes, so a temporary is removed only when that lock can be taken: never
// the file of a live writer, whatever its PID namespace.
void remove_stale_parts(const std::string& target);

// Removes the temporaries this process has claimed and not yet published or
// removed: for a process that must end at once (a crash, a watchdog), without
// running its destructors. Async-signal-safe.
void remove_claimed_parts_now() noexcept;
// Whether this process holds a claimed temporary now. Async-signal-safe.
bool holds_claimed_parts() noexcept;

// A claimed temporary file for `target`: removes stale temporaries, creates
// part_path_for(target) exclusively and holds an exclusive flock on it until
// published or destroyed; the destructor removes it unless published.
class PartFile {
 public:
  explicit PartFile(const std::string& target);
  ~PartFile();
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  // Writes all of `size` bytes at the current offset; throws OutputError
  // ("cannot write 'PART' (N of M bytes written): ...").
  void write_all(const char* data, std::size_t size);
  // fsync, then publish_file(path(), target, overwrite), then close.
  void publish(bool overwrite);

 private:
  std::string target_, path_;
  int fd_ = -1;
  int slot_ = -1;  // in the list remove_claimed_parts_now() reads
  bool published_ = false;
};

}  // namespace yucun::output
