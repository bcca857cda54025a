#include "sim/experiments/work_folder.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "sim/experiments/size_estimate.hpp"
#include "sim/io/output/regular_file.hpp"

namespace yucun::sweep {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "manifest";
constexpr const char* kLock = "lock";
constexpr const char* kHeader = "yucun sweep work folder";

// A file of the work folder, read safely (output::read_regular_file).
std::string read_regular_file(const fs::path& file, std::uint64_t limit) {
  return output::read_regular_file(file.string(), limit, "the sweep");
}

constexpr std::uint64_t kManifestLimit = 1 << 20;

std::map<std::string, std::string> read_manifest(const fs::path& file) {
  std::map<std::string, std::string> out;
  std::string text;
  try {
    text = read_regular_file(file, kManifestLimit);
  } catch (const std::runtime_error& e) {
    throw WorkFolderError(fmt::format("the work folder's manifest cannot be read: {}; start over with --force", e.what()));
  }
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    const auto colon = line.find(": ");
    if (colon != std::string::npos) out[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return out;
}

// The run of a checkpoint's file name, when it is one this sweep writes:
// "run-" and the run's number in at least 9 digits, as checkpoint_path
// makes it, of a run of the sweep. Anything else (a number past 2^64, a name
// of another spelling) is not ours: left alone.
std::optional<std::uint64_t> checkpoint_run(const std::string& name, std::uint64_t runs) {
  if (!name.starts_with("run-")) return std::nullopt;
  const std::string_view digits = std::string_view(name).substr(4);
  std::uint64_t run = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), run);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (run >= runs || name != fmt::format("run-{:09}", run)) return std::nullopt;
  return run;
}

// Writes `bytes` to `path` under a temporary name first: a file at `path` is
// always complete.
void write_atomically(const fs::path& path, std::string_view bytes) {
  const fs::path temp = path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
  // Never through a link, never blocking on a FIFO left at the name.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot create '{}': {}", temp.string(), std::strerror(errno)));
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = n < 0 ? std::strerror(errno) : "no progress";
      ::close(fd);
      ::unlink(temp.c_str());
      throw std::runtime_error(fmt::format("cannot write '{}': {}", temp.string(), why));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("cannot write '{}': {}", temp.string(), why));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("cannot move '{}' to '{}': {}", temp.string(), path.string(), why));
  }
}

std::string describe_shard(const std::string& shard) { return shard.empty() ? "the whole sweep" : "shard " + shard; }

}  // namespace

std::string WorkFolder::path_for(const std::string& output) {
  const fs::path target(output);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name(1, '.');  // built in steps: GCC 12 warns falsely (-Wrestrict) on "." + string
  name += target.filename().string();
  name += ".sweep";
  return (folder / name).string();
}

WorkFolder::WorkFolder(const std::string& output, const SweepContext& context, const std::string& shard, Mode mode)
    : path_(path_for(output)), fingerprint_(context.fingerprint), runs_(context.runs) {
  // A run record: its series (at most every series every day, 8 bytes a
  // value, and the yearly summaries), its error message and a few fields.
  max_checkpoint_bytes_ =
      static_cast<std::uint64_t>(1.25 * full_bytes_per_run(run_size(context.base))) + (std::uint64_t{16} << 20);
  std::error_code ec;
  const fs::path folder(path_);
  const bool exists = fs::exists(folder, ec);
  if (exists && !fs::is_directory(folder, ec))
    throw WorkFolderError(fmt::format("'{}' is in the way of the sweep's work folder: remove it", path_));

  // Lock first, so that no other sweep clears or fills the folder under us.
  fs::create_directories(folder, ec);
  if (ec) throw WorkFolderError(fmt::format("cannot create the work folder '{}': {}", path_, ec.message()));
  const std::string lock_path = (folder / kLock).string();
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
  if (lock_fd_ < 0)
    throw WorkFolderError(fmt::format("cannot create '{}': {}", lock_path, std::strerror(errno)));
  if (struct stat st {}; ::fstat(lock_fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw WorkFolderError(fmt::format("'{}' is not a regular file: the work folder '{}' is damaged; remove it", lock_path,
                                      path_));
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw WorkFolderError(fmt::format("another yucun sweep is writing '{}' now (its work folder '{}' is locked); "
                                      "wait for it, or stop it first",
                                      output, path_));
  }

  try {
    open_locked(output, context, shard, mode);
  } catch (...) {
    ::close(lock_fd_);  // the destructor does not run for a constructor that throws
    lock_fd_ = -1;
    throw;
  }
}

void WorkFolder::open_locked(const std::string& output, const SweepContext& context, const std::string& shard,
                             Mode mode) {
  std::error_code ec;
  const fs::path folder(path_);
  const fs::path manifest = folder / kManifest;
  std::size_t checkpoints = 0;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (checkpoint_run(entry.path().filename().string(), runs_)) ++checkpoints;
  const bool earlier = fs::exists(manifest, ec) || checkpoints > 0;

  if (earlier && mode == Mode::fresh)
    throw WorkFolderError(fmt::format(
        "an earlier sweep into '{}' was interrupted: {} finished run{} saved in '{}'. Continue it with --resume "
        "(the same sweep file), or start over with --force",
        output, checkpoints, checkpoints == 1 ? " is" : "s are", path_));
  if (earlier && mode == Mode::resume) {
    if (!fs::exists(manifest, ec))
      throw WorkFolderError(fmt::format("'{}' has checkpoints but no manifest: it cannot be resumed; start over with --force",
                                        path_));
    const auto m = read_manifest(manifest);
    const auto get = [&m](const char* key) {
      const auto it = m.find(key);
      return it == m.end() ? std::string() : it->second;
    };
    if (get("sweep_hash") != context.fingerprint)
      throw WorkFolderError(fmt::format(
          "cannot resume into '{}': the sweep has changed since it was interrupted (its fingerprint was {}, from "
          "'{}'; now {}): the values, design, base scenario or yucun version differ. Start over with --force",
          output, get("sweep_hash"), get("sweep_file"), context.fingerprint));
    if (get("shard") != shard)
      throw WorkFolderError(fmt::format("cannot resume into '{}': the interrupted sweep ran {}, this one {}; give the "
                                        "same --shard, or start over with --force",
                                        output, describe_shard(get("shard")), describe_shard(shard)));
  }
  if (earlier && mode != Mode::resume) {
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().filename() != kLock) fs::remove_all(entry.path(), ec);
  }

  if (!fs::exists(manifest, ec)) {
    const std::string text = fmt::format(
        "{}\nsweep_hash: {}\nsweep_name: {}\nsweep_file: {}\nshard: {}\nruns: {}\n"
        "# One run-<index> file per finished run; `yucun sweep ... --resume` continues, `--force` starts over.\n",
        kHeader, context.fingerprint, context.spec.name, context.spec.file, shard, context.runs);
    write_atomically(manifest, text);
  }

  // Checkpoints left by the interrupted sweep (temporary files of a killed
  // writer are left out, and removed).
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".run-")) {
      fs::remove(entry.path(), ec);
      continue;
    }
    const auto run = checkpoint_run(name, runs_);
    if (!run) continue;  // not a checkpoint of this sweep: left alone
    try {
      load(*run);  // a checkpoint cut short by a crash of the machine is run again
      saved_.push_back(*run);
    } catch (const std::exception& e) {
      damaged_.push_back(e.what());
      fs::remove(entry.path(), ec);
    }
  }
  std::sort(saved_.begin(), saved_.end());
}

WorkFolder::~WorkFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::string WorkFolder::checkpoint_path(std::uint64_t run) const {
  return (fs::path(path_) / fmt::format("run-{:09}", run)).string();
}

void WorkFolder::save(std::uint64_t run, const RunOutcome& outcome) const {
  write_atomically(checkpoint_path(run), encode_run_record(fingerprint_, run, outcome));
}

RunOutcome WorkFolder::load(std::uint64_t run) const {
  const std::string file = checkpoint_path(run);
  const std::string bytes = read_regular_file(file, max_checkpoint_bytes_);
  try {
    RunRecord record = decode_run_record(bytes, fingerprint_);
    if (record.run != run) throw std::runtime_error(fmt::format("it holds run {}", record.run));
    return std::move(record.outcome);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("'{}': {}", file, e.what()));
  }
}

void WorkFolder::remove() {
  std::error_code ec;
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  fs::remove_all(path_, ec);
}

}  // namespace yucun::sweep
