#include "sim/io/output/result_info.hpp"

#include <fmt/format.h>

#include "sim/io/output/result_reader.hpp"
#include "sim/core/date.hpp"

namespace yucun::output {

std::string describe_result_file(const std::string& path) {
  const ResultReader file(path);
  std::string out = fmt::format("file:     {}\n", path);
  out += fmt::format("scenario: {}\n", file.string_attribute("scenario_name"));
  out += fmt::format("model:    {}\n", file.string_attribute("source"));
  for (const char* key : {"seed", "run", "replicates"})
    if (const auto value = file.unsigned_attribute(key)) out += fmt::format("{:<9} {}\n", std::string(key) + ":", *value);

  const int days = file.day_count();
  const std::string units = file.time_units();
  std::string span;
  if (auto last_word = units.rfind(' '); last_word != std::string::npos && days > 0)
    if (auto first = Date::parse(units.substr(last_word + 1)))
      span = fmt::format(", {} to {}", first->to_string(), (*first + (days - 1)).to_string());
  out += fmt::format("time:     {} days ({}){}\n", days, units, span);

  const std::vector<std::string> names = file.strings("village_name");
  // Large generated worlds: the first names and a count, not thousands of names.
  constexpr std::size_t kNamesShown = 30;
  if (names.size() > kNamesShown)
    out += fmt::format("village:  {} ({}, ... and {} more)\n", names.size(),
                       fmt::join(names.begin(), names.begin() + kNamesShown, ", "), names.size() - kNamesShown);
  else
    out += fmt::format("village:  {} ({})\n", names.size(), fmt::join(names, ", "));
  if (const auto gateway = file.integer_attribute("gateway_village");
      gateway && *gateway >= 0 && static_cast<std::size_t>(*gateway) < names.size())
    out += fmt::format("gateway:  {} (tourism gateway, village {})\n", names[static_cast<std::size_t>(*gateway)], *gateway);
  for (const char* dim : {"road", "run"})
    if (file.has_variable(dim)) out += fmt::format("{:<9} {}\n", std::string(dim) + ":", file.dimension(dim).value_or(0));

  const auto variables = file.variables();
  // Read every number once: a damaged chunk fails its Fletcher-32 checksum
  // or its decompression here rather than in the user's analysis.
  for (const auto& v : variables)
    if (v.numeric) file.numbers(v.name);

  out += fmt::format("variables ({}):\n", variables.size());
  for (const auto& v : variables) {
    const std::string dims = fmt::format("[{}]", fmt::join(v.dims, ", "));
    out += fmt::format("  {:<32} {:<16} {:<12} {}\n", v.name, dims, v.units, v.long_name);
  }
  return out;
}

}  // namespace yucun::output
