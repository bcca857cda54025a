#include "sim/io/output/result_reader.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <limits>

#include <fmt/format.h>
#include <hdf5_hl.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/run_series_data.hpp"

namespace yucun::output {

struct ResultReader::File {
  Handle file;
};

namespace {

// The extent of a dataset, or nothing when it is absent.
std::optional<std::vector<hsize_t>> extent(hid_t file, const std::string& name) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) return std::nullopt;
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  Handle space(H5Dget_space(ds), H5Sclose, "space of " + name);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) throw OutputError(fmt::format("{}: cannot read its shape", name));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

// Names of the dimension scales attached to each dimension ("?" where none).
std::vector<std::string> dim_names(hid_t dataset, std::size_t rank) {
  std::vector<std::string> names;
  if (H5DSis_scale(dataset) > 0) {
    char name[256] = {0};
    H5DSget_scale_name(dataset, name, sizeof name);
    names.emplace_back(name);
    return names;
  }
  for (unsigned i = 0; i < rank; ++i) {
    std::string scale = "?";
    H5DSiterate_scales(
        dataset, i, nullptr,
        [](hid_t, unsigned, hid_t scale_id, void* data) -> herr_t {
          char name[256] = {0};
          if (H5DSget_scale_name(scale_id, name, sizeof name) > 0) *static_cast<std::string*>(data) = name;
          return 1;  // the first scale is enough
        },
        &scale);
    names.push_back(scale);
  }
  return names;
}

// Rows [run, 0:rows, 0:width] of a series' dataset (width 0: an area-wide series).
void read_block(hid_t file, const std::string& name, std::size_t run, std::size_t runs, std::size_t rows,
                std::size_t width, bool real, void* out) {
  std::vector<hsize_t> expected = {runs, rows};
  if (width > 0) expected.push_back(width);
  const auto dims = extent(file, name);
  if (!dims) throw OutputError(fmt::format("variable {} is missing", name));
  if (*dims != expected)
    throw OutputError(fmt::format("variable {} does not have the shape of its series: it is ({}), the series ({})", name,
                                  fmt::join(*dims, ", "), fmt::join(expected, ", ")));
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  // The stored type must be the series' own: HDF5 would convert anything
  // numeric, a float's NaN to INT64_MIN (the fill value) and 2.5 to 2.
  Handle type(H5Dget_type(ds), H5Tclose, "type of " + name);
  const H5T_class_t cls = H5Tget_class(type);
  const bool fits = real ? cls == H5T_FLOAT
                         : cls == H5T_INTEGER && H5Tget_size(type) == 8 && H5Tget_sign(type) == H5T_SGN_2;
  if (!fits)
    throw OutputError(fmt::format("variable {} is stored as {}, its series holds {}", name,
                                  cls == H5T_FLOAT     ? fmt::format("{}-bit floating point", 8 * H5Tget_size(type))
                                  : cls == H5T_INTEGER ? fmt::format("{}-bit {} integers", 8 * H5Tget_size(type),
                                                                     H5Tget_sign(type) == H5T_SGN_2 ? "signed" : "unsigned")
                                                       : std::string("something not numeric"),
                                  real ? "real numbers (64-bit floating point)" : "whole numbers (64-bit signed integers)"));
  Handle file_space(H5Dget_space(ds), H5Sclose, "space of " + name);
  std::vector<hsize_t> start(expected.size(), 0), count = expected;
  start[0] = run;
  count[0] = 1;
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "select run");
  Handle mem_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose, "memory space");
  check(H5Dread(ds, real ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64, mem_space, file_space, H5P_DEFAULT, out),
        "read " + name);
}

}  // namespace

ResultReader::ResultReader(std::string path) : path_(std::move(path)), file_(std::make_unique<File>()) {
  quiet_hdf5_errors();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path_, ec)) throw OutputError(fmt::format("'{}' is not a file", path_));
  if (H5Fis_hdf5(path_.c_str()) <= 0)
    throw OutputError(fmt::format("'{}' is not an HDF5 file (truncated, corrupt or another format)", path_));
  file_->file = Handle(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, fmt::format("cannot open '{}'", path_));
  if (!has_attribute("model_version") || !has_variable("time") || !has_variable("village_name"))
    throw OutputError(
        fmt::format("'{}' is an HDF5 file but not a yucun result (no model_version, time or village_name)", path_));
}

ResultReader::~ResultReader() = default;
ResultReader::ResultReader(ResultReader&&) noexcept = default;
ResultReader& ResultReader::operator=(ResultReader&&) noexcept = default;

std::optional<std::size_t> ResultReader::dimension(const std::string& name) const {
  quiet_hdf5_errors();
  const auto dims = extent(file_->file, name);
  if (!dims || dims->size() != 1) return std::nullopt;
  return static_cast<std::size_t>((*dims)[0]);
}

std::size_t ResultReader::run_count() const { return dimension("run").value_or(1); }
int ResultReader::day_count() const { return static_cast<int>(dimension("time").value_or(0)); }
std::size_t ResultReader::village_count() const { return dimension("village").value_or(0); }

std::string ResultReader::time_units() const {
  quiet_hdf5_errors();
  Handle time(H5Dopen2(file_->file, "time", H5P_DEFAULT), H5Dclose, "open time");
  return read_string_attribute(time, "units");
}

std::optional<Date> ResultReader::start() const {
  const std::string units = time_units();
  constexpr std::string_view prefix = "days since ";
  return units.starts_with(prefix) ? Date::parse(std::string_view(units).substr(prefix.size())) : std::nullopt;
}

bool ResultReader::daily_series() const { return has_variable(std::string(kSeriesSpecs[0].name)); }

bool ResultReader::has_attribute(const std::string& name) const { return output::has_attribute(file_->file, name); }

std::string ResultReader::string_attribute(const std::string& name) const {
  quiet_hdf5_errors();
  return read_string_attribute(file_->file, name);
}

std::optional<std::int64_t> ResultReader::integer_attribute(const std::string& name) const {
  quiet_hdf5_errors();
  return read_integer_attribute(file_->file, name);
}

std::optional<std::uint64_t> ResultReader::unsigned_attribute(const std::string& name) const {
  quiet_hdf5_errors();
  if (!has_attribute(name)) return std::nullopt;
  Handle attr(H5Aopen(file_->file, name.c_str(), H5P_DEFAULT), H5Aclose, name);
  // One whole number, or nothing: an array attribute (a damaged or crafted
  // file) read into one value would overrun it.
  Handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  Handle space(H5Aget_space(attr), H5Sclose, "attribute space");
  if (H5Tget_class(type) != H5T_INTEGER || H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  std::uint64_t value = 0;
  check(H5Aread(attr, H5T_NATIVE_UINT64, &value), name);
  return value;
}

bool ResultReader::has_variable(const std::string& name) const {
  return H5Lexists(file_->file, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<ResultReader::Variable> ResultReader::variables() const {
  quiet_hdf5_errors();
  struct Listing {
    std::vector<Variable> variables;
    std::exception_ptr error;
  } listing;
  H5Literate(
      file_->file, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t group, const char* name, const H5L_info_t*, void* data) -> herr_t {
        auto& out = *static_cast<Listing*>(data);
        // No exception (std::bad_alloc, an OutputError) may cross HDF5's
        // frames: it would leave the library's global lock held. Kept, and
        // thrown once HDF5 has returned.
        try {
          H5O_info_t info;
          if (H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 ||
              info.type != H5O_TYPE_DATASET)
            return 0;
          const hid_t opened = H5Dopen2(group, name, H5P_DEFAULT);
          if (opened < 0) return 0;
          Handle ds(opened, H5Dclose, name);
          Variable v{name, {}, {}, read_string_attribute(ds, "units"), read_string_attribute(ds, "long_name"), false};
          if (hid_t space = H5Dget_space(ds); space >= 0) {
            const int rank = H5Sget_simple_extent_ndims(space);
            std::vector<hsize_t> dims(rank > 0 ? static_cast<std::size_t>(rank) : 0);
            if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
            v.shape.assign(dims.begin(), dims.end());
            H5Sclose(space);
          }
          if (hid_t type = H5Dget_type(ds); type >= 0) {
            const H5T_class_t cls = H5Tget_class(type);
            v.numeric = cls == H5T_INTEGER || cls == H5T_FLOAT;
            H5Tclose(type);
          }
          v.dims = dim_names(ds, v.shape.size());
          out.variables.push_back(std::move(v));
          return 0;
        } catch (...) {
          out.error = std::current_exception();
          return -1;
        }
      },
      &listing);
  if (listing.error) std::rethrow_exception(listing.error);
  return std::move(listing.variables);
}

std::vector<double> ResultReader::numbers(const std::string& name, std::vector<std::size_t>* shape) const {
  quiet_hdf5_errors();
  if (!has_variable(name)) throw OutputError(fmt::format("'{}' has no variable {}", path_, name));
  Handle ds(H5Dopen2(file_->file, name.c_str(), H5P_DEFAULT), H5Dclose, fmt::format("'{}': open {}", path_, name));
  Handle type(H5Dget_type(ds), H5Tclose, "type of " + name);
  const H5T_class_t cls = H5Tget_class(type);
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw OutputError(fmt::format("'{}': {} is not numeric", path_, name));
  const auto dims = extent(file_->file, name);
  std::size_t count = 1;
  for (hsize_t d : *dims) count *= static_cast<std::size_t>(d);
  if (shape) shape->assign(dims->begin(), dims->end());
  std::vector<double> values(count);
  // Signed 64-bit integers with a `_FillValue` (the series): read exactly,
  // the fill value (a run left out) becoming NaN like a real series' fill.
  const auto fill = cls == H5T_INTEGER && H5Tget_size(type) == 8 && H5Tget_sign(type) == H5T_SGN_2
                        ? read_integer_attribute(ds, "_FillValue")
                        : std::nullopt;
  if (fill) {
    std::vector<std::int64_t> integers(count);
    if (count > 0 && H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, integers.data()) < 0)
      throw OutputError(fmt::format("'{}' is corrupt: variable {} cannot be read ({})", path_, name, last_hdf5_message()));
    for (std::size_t i = 0; i < count; ++i)
      values[i] = integers[i] == *fill ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(integers[i]);
    return values;
  }
  if (count > 0 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    throw OutputError(fmt::format("'{}' is corrupt: variable {} cannot be read ({})", path_, name, last_hdf5_message()));
  return values;
}

std::vector<std::string> ResultReader::strings(const std::string& name) const {
  quiet_hdf5_errors();
  return read_strings(file_->file, name, path_);
}

namespace {

// A whole-number variable on the run dimension, read as `memory_type` into `T`.
template <typename T>
std::vector<T> read_run_integers(hid_t file, const std::string& path, const std::string& name, std::size_t runs,
                                 hid_t memory_type) {
  const auto dims = extent(file, name);
  if (!dims) throw OutputError(fmt::format("{}: variable {} is missing", path, name));
  if (dims->size() != 1 || (*dims)[0] != runs)
    throw OutputError(fmt::format("{}: variable {} is not one value per run", path, name));
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  Handle type(H5Dget_type(ds), H5Tclose, "type of " + name);
  if (H5Tget_class(type) != H5T_INTEGER) throw OutputError(fmt::format("{}: variable {} is not whole numbers", path, name));
  std::vector<T> values(runs);
  if (runs > 0) check(H5Dread(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path + ": read " + name);
  return values;
}

}  // namespace

std::vector<std::int64_t> ResultReader::integer_variable(const std::string& name) const {
  quiet_hdf5_errors();
  return read_run_integers<std::int64_t>(file_->file, path_, name, run_count(), H5T_NATIVE_INT64);
}

std::vector<std::uint64_t> ResultReader::unsigned_variable(const std::string& name) const {
  quiet_hdf5_errors();
  return read_run_integers<std::uint64_t>(file_->file, path_, name, run_count(), H5T_NATIVE_UINT64);
}

std::vector<std::string> ResultReader::string_variable(const std::string& name) const {
  quiet_hdf5_errors();
  if (!has_variable(name)) throw OutputError(fmt::format("{}: variable {} is missing", path_, name));
  auto values = read_strings(file_->file, name, path_);
  if (values.size() != run_count())
    throw OutputError(fmt::format("{}: variable {} is not one value per run", path_, name));
  return values;
}

void ResultReader::check_multi_run() const {
  for (const char* name : {"run", "time", "village", "year"})
    if (!dimension(name))
      throw OutputError(fmt::format("{}: not a result file of several runs (no `{}` dimension)", path_, name));
  const auto first = start();
  if (!first) throw OutputError(fmt::format("{}: time has units '{}', not 'days since YYYY-MM-DD'", path_, time_units()));
  const int days = day_count();
  if (days <= 0) throw OutputError(fmt::format("{}: the file holds no days", path_));
  const auto years = static_cast<int>(*dimension("year"));
  if ((*first + (days - 1)).year() - first->year() + 1 != years)
    throw OutputError(
        fmt::format("{}: {} years of summaries for {} days from {}", path_, years, days, first->to_string()));
}

RunSeries ResultReader::read_run(std::size_t run) const {
  quiet_hdf5_errors();
  check_multi_run();
  const std::size_t runs = run_count();
  if (run >= runs) throw OutputError(fmt::format("{}: no run {} in a file of {} runs", path_, run, runs));
  const Date first = *start();
  const int days = day_count();
  const std::size_t years = *dimension("year");
  const bool daily = daily_series();
  RunSeries series(first, days, *dimension("village"), daily);
  RunSeries::Data& d = *series.data_;
  const hid_t f = file_->file;
  try {
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      const std::size_t w = spec.scope == Scope::area ? 0 : d.width(spec);
      const std::size_t cells = std::max<std::size_t>(w, 1);
      const bool real = spec.kind == ValueKind::real;
      if (daily) {
        const std::size_t n = static_cast<std::size_t>(days) * cells;
        if (real) d.real[i].resize(n);
        else d.integer[i].resize(n);
        read_block(f, std::string(spec.name), run, runs, static_cast<std::size_t>(days), w, real,
                   real ? static_cast<void*>(d.real[i].data()) : static_cast<void*>(d.integer[i].data()));
      }
      if (spec.yearly == Yearly::none) continue;
      const bool year_real = !d.year_real[i].empty();
      read_block(f, yearly_variable(spec), run, runs, years, w, year_real,
                 year_real ? static_cast<void*>(d.year_real[i].data()) : static_cast<void*>(d.year_int[i].data()));
    }
  } catch (const OutputError& e) {
    throw OutputError(fmt::format("{}: run {}: {}", path_, run, e.what()));
  }
  for (int day = 0; day < days; ++day) ++d.days_in_year[static_cast<std::size_t>((first + day).year() - first.year())];
  d.buffered = days;
  d.yearly_means_final = true;
  return series;
}

}  // namespace yucun::output
