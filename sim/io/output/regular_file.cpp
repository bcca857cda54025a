#include "sim/io/output/regular_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace yucun::output {

std::string read_regular_file(const std::string& path, std::uint64_t limit, std::string_view writer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (err == ELOOP) throw std::runtime_error(fmt::format("'{}' is a symbolic link, not a file {} wrote", path, writer));
    throw std::runtime_error(fmt::format("cannot read '{}': {}", path, std::strerror(err)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error(
        fmt::format("'{}' is not a regular file (a FIFO, device, socket or folder): not a file {} wrote", path, writer));
  }
  if (static_cast<std::uint64_t>(st.st_size) > limit) {
    ::close(fd);
    throw std::runtime_error(
        fmt::format("'{}' is {} bytes, more than the {} bytes a file {} wrote can be", path, st.st_size, limit, writer));
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw std::runtime_error(fmt::format("cannot read '{}': {}", path, why));
    }
    if (n == 0) break;  // shrunk meanwhile: the decoder finds it truncated
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);
  return bytes;
}

}  // namespace yucun::output
