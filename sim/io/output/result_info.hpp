// Reading back what a result file holds, for `yucun info`.
#pragma once

#include <string>

namespace yucun::output {

// A human-readable description of a result file: provenance, dimensions and
// every variable with its units. Throws OutputError for files that are not
// readable yucun results.
std::string describe_result_file(const std::string& path);

}  // namespace yucun::output
