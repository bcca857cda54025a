// Reading a file this program wrote earlier (a sweep's checkpoint, a run's
// checkpoint) safely, whatever is found at its name now.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace yucun::output {

// The bytes of `path`, which must be a regular file (not a symlink, FIFO,
// device or folder) of at most `limit` bytes: a damaged or tampered file can
// neither block the reader (a FIFO: opened without blocking, then refused)
// nor make it read without end (a link to /dev/zero). `writer` names who
// wrote it, for the messages ("not a file <writer> wrote"). Throws
// std::runtime_error.
std::string read_regular_file(const std::string& path, std::uint64_t limit, std::string_view writer);

}  // namespace yucun::output
