// Text of values in the CSV and JSON that compare and table print: one
// quoting and one number form for both, so the two commands read alike.
#pragma once

#include <string>

namespace yucun::output {

// Shortest text that reads back as the same double; empty for NaN and infinities.
std::string csv_number(double x);
// A CSV field, quoted (with doubled quotes) when it holds a comma, quote or line break.
std::string csv_field(const std::string& s);
// A JSON string literal, escaped.
std::string json_string(const std::string& s);
// A JSON number; null for NaN and infinities.
std::string json_number(double x);

}  // namespace yucun::output
