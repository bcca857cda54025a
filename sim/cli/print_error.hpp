// How every command reports a problem: on stderr, one message per call.
#pragma once

#include <string>

namespace yucun::cli {

// Writes `message` to stderr, ending the line when the message does not.
void print_error(const std::string& message);

// The same, said once per MPI job: nothing in the processes above rank 0,
// which would only repeat it (a bad sweep file, bad options).
void print_error_once(const std::string& message);

}  // namespace yucun::cli
