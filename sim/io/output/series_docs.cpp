#include "sim/io/output/series_docs.hpp"

#include <array>
#include <stdexcept>

#include <fmt/format.h>

namespace yucun::output {

namespace {

constexpr std::string_view kBegin = "<!-- series tables: ";
constexpr std::string_view kEnd = "<!-- end of series tables -->";

std::string_view scope_name(Scope s) {
  switch (s) {
    case Scope::area: return "area";
    case Scope::village: return "village";
    case Scope::decile: return "decile";
  }
  return "?";
}

// As the writer stores them (H5T_IEEE_F64LE, H5T_STD_I64LE).
std::string_view type_name(ValueKind k) { return k == ValueKind::real ? "float64" : "int64"; }

std::string_view rule_name(Yearly y) {
  switch (y) {
    case Yearly::none: return "-";
    case Yearly::sum: return "sum";
    case Yearly::mean: return "mean";
    case Yearly::last: return "last";
  }
  return "?";
}

// A table cell: a '|' in the text would end the cell.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string series_tables(Scope scope) {
  std::string out;
  std::string_view file;  // the declaring file of the table being written
  for (const SeriesSpec& s : kSeriesSpecs) {
    if (s.scope != scope) continue;
    if (s.declared_in != file) {
      file = s.declared_in;
      if (!out.empty()) out += '\n';
      out += fmt::format("Declared in `{}`:\n\n| variable | type | units | yearly | meaning |\n|---|---|---|---|---|\n",
                         file);
    }
    const std::string meaning =
        s.note.empty() ? std::string(s.long_name) : fmt::format("{} — {}", s.long_name, s.note);
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", s.name, type_name(s.kind), cell(s.units), rule_name(s.yearly),
                       cell(meaning));
  }
  return out;
}

std::string with_current_series_tables(std::string_view doc) {
  std::string out(doc);
  for (Scope scope : {Scope::area, Scope::decile, Scope::village}) {
    const std::string marker = fmt::format("{}{} ", kBegin, scope_name(scope));
    const std::size_t at = out.find(marker);
    if (at == std::string::npos) throw std::runtime_error(fmt::format("no line starting '{}'", marker));
    const std::size_t first = out.find('\n', at);
    const std::size_t end = first == std::string::npos ? first : out.find(kEnd, first);
    if (end == std::string::npos)
      throw std::runtime_error(fmt::format("'{}' without a '{}' after it", marker, kEnd));
    // Blank lines around the tables keep them apart from the marker comments.
    out.replace(first + 1, end - (first + 1), fmt::format("\n{}\n", series_tables(scope)));
  }
  return out;
}

}  // namespace yucun::output
