#include "sim/io/output/publish_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"  // OutputError

namespace yucun::output {

namespace fs = std::filesystem;

std::string part_path_for(const std::string& target) {
  const fs::path t(target);
  return (t.has_parent_path() ? t.parent_path() / "" : fs::path()).string() + "." + t.filename().string() +
         fmt::format(".part-{}", ::getpid());
}

namespace {

// 0: published; EEXIST: something is at target; else errno of the failure.
int publish_no_replace(const char* temp, const char* target) {
#if defined(RENAME_NOREPLACE)
  if (::renameat2(AT_FDCWD, temp, AT_FDCWD, target, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
#endif
  // No renameat2 on this kernel or file system: link() fails with EEXIST
  // when the name is taken, atomically.
  if (::link(temp, target) != 0) return errno;
  ::unlink(temp);
  return 0;
}

// The temporaries this process holds, for remove_claimed_parts_now(): a
// slot is taken (1), filled, then published to a signal handler (2).
struct ClaimedPart {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 claimed
  char path[4096];
};
ClaimedPart g_claimed[16];

int remember_claim(const std::string& path) {
  if (path.size() >= sizeof(ClaimedPart::path)) return -1;
  for (int i = 0; i < static_cast<int>(std::size(g_claimed)); ++i) {
    int free = 0;
    if (!g_claimed[i].state.compare_exchange_strong(free, 1)) continue;
    std::memcpy(g_claimed[i].path, path.c_str(), path.size() + 1);
    g_claimed[i].state.store(2);
    return i;
  }
  return -1;  // more than 16 at once: only the destructors remove the rest
}

void forget_claim(int slot) {
  if (slot >= 0) g_claimed[slot].state.store(0);
}

bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::lstat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

void publish_file(const std::string& temp, const std::string& target, bool overwrite) {
  if (overwrite) {
    if (::rename(temp.c_str(), target.c_str()) != 0)
      throw OutputError(fmt::format("cannot move '{}' to '{}': {}", temp, target, std::strerror(errno)));
    return;
  }
  const int err = publish_no_replace(temp.c_str(), target.c_str());
  if (err == 0) return;
  if (err == EEXIST) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw OutputError(fmt::format(
        "'{}' was created by another process while this run was writing; it is left as it is and this run's "
        "result ('{}') was removed: write to another name, or pass --force to replace it",
        target, temp));
  }
  throw OutputError(fmt::format("cannot move '{}' to '{}': {}", temp, target, std::strerror(err)));
}

void remove_claimed_parts_now() noexcept {
  for (ClaimedPart& c : g_claimed)
    if (c.state.load() == 2) ::unlink(c.path);
}

bool holds_claimed_parts() noexcept {
  for (const ClaimedPart& c : g_claimed)
    if (c.state.load() == 2) return true;
  return false;
}

void remove_stale_parts(const std::string& target_name) {
  const fs::path target(target_name);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string prefix(1, '.');  // built in steps: GCC 12 warns falsely (-Wrestrict) on "." + string
  prefix += target.filename().string();
  prefix += ".part-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string path = entry.path().string();
    // A live writer holds an exclusive flock on its temporary; only a file
    // whose lock can be taken is an orphan. (PID liveness would not do: a
    // writer in another PID namespace has a PID that means nothing here.)
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 && same_file(fd, path))
      ::unlink(path.c_str());
    ::close(fd);
  }
}

PartFile::PartFile(const std::string& target) : target_(target), path_(part_path_for(target)) {
  remove_stale_parts(target);
  // Between open and flock a cleaner could lock and remove the new file;
  // then the name no longer leads to our file and we claim it again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0) throw OutputError(fmt::format("cannot create '{}': {}", path_, std::strerror(errno)));
    int rc;
    while ((rc = ::flock(fd_, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      ::unlink(path_.c_str());
      throw OutputError(fmt::format("cannot lock '{}': {}", path_, std::strerror(err)));
    }
    if (same_file(fd_, path_)) {
      slot_ = remember_claim(path_);
      return;
    }
    ::close(fd_);
    fd_ = -1;
  }
  throw OutputError(fmt::format("cannot claim '{}': another process keeps removing it", path_));
}

PartFile::~PartFile() {
  if (!published_) {
    std::error_code ec;
    if (fd_ >= 0 && same_file(fd_, path_)) fs::remove(path_, ec);
  }
  forget_claim(slot_);
  if (fd_ >= 0) ::close(fd_);  // releases the lock only after the file is gone
}

void PartFile::write_all(const char* data, std::size_t size) {
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = ::write(fd_, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw OutputError(fmt::format("cannot write '{}' ({} of {} bytes written): {}", path_, done, size,
                                    n < 0 ? std::strerror(errno) : "no progress"));
    done += static_cast<std::size_t>(n);
  }
}

void PartFile::publish(bool overwrite) {
  if (::fsync(fd_) != 0) throw OutputError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
  // The lock is held through the move: a cleaner never sees an unlocked
  // temporary of a live writer.
  publish_file(path_, target_, overwrite);
  published_ = true;
  forget_claim(slot_);
  slot_ = -1;
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw OutputError(fmt::format("cannot write '{}': {}", target_, std::strerror(errno)));
}

}  // namespace yucun::output
