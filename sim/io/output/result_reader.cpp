#include "sim/io/output/result_reader.hpp"

#include <filesystem>

#include <fmt/format.h>

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

std::size_t length_of(hid_t file, const std::string& name, const std::string& path) {
  const auto dims = extent(file, name);
  if (!dims || dims->size() != 1)
    throw OutputError(fmt::format("{}: not a result file of several runs (no `{}` dimension)", path, name));
  return static_cast<std::size_t>((*dims)[0]);
}

// Rows [run, 0:rows, 0:width] of a series' dataset (width 0: an area-wide series).
void read_block(hid_t file, const std::string& name, std::size_t run, std::size_t runs, std::size_t rows,
                std::size_t width, bool real, void* out) {
  std::vector<hsize_t> expected = {runs, rows};
  if (width > 0) expected.push_back(width);
  const auto dims = extent(file, name);
  if (!dims) throw OutputError(fmt::format("variable {} is missing", name));
  if (*dims != expected) throw OutputError(fmt::format("variable {} does not have the shape of its series", name));
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
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
  if (!std::filesystem::is_regular_file(path_, ec))
    throw OutputError(fmt::format("{}: no such file", path_));
  if (H5Fis_hdf5(path_.c_str()) <= 0)
    throw OutputError(fmt::format("{}: not an HDF5 file (or unreadable)", path_));
  try {
    file_->file = Handle(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  } catch (const OutputError& e) {
    throw OutputError(fmt::format("{}: {}", path_, e.what()));
  }
  const hid_t f = file_->file;
  run_count_ = length_of(f, "run", path_);
  day_count_ = static_cast<int>(length_of(f, "time", path_));
  villages_ = length_of(f, "village", path_);
  year_count_ = static_cast<int>(length_of(f, "year", path_));
  Handle time(H5Dopen2(f, "time", H5P_DEFAULT), H5Dclose, "open time");
  const std::string units = read_string_attribute(time, "units");
  const std::string prefix = "days since ";
  const auto start = units.starts_with(prefix) ? Date::parse(units.substr(prefix.size())) : std::nullopt;
  if (!start) throw OutputError(fmt::format("{}: time has units '{}', not 'days since YYYY-MM-DD'", path_, units));
  start_ = *start;
  if (day_count_ <= 0) throw OutputError(fmt::format("{}: the file holds no days", path_));
  first_year_ = start_.year();
  if ((start_ + (day_count_ - 1)).year() - first_year_ + 1 != year_count_)
    throw OutputError(fmt::format("{}: {} years of summaries for {} days from {}", path_, year_count_, day_count_,
                                  start_.to_string()));
  daily_series_ = extent(f, std::string(kSeriesSpecs[0].name)).has_value();
}

ResultReader::~ResultReader() = default;

std::string ResultReader::string_attribute(const std::string& name) const {
  return read_string_attribute(file_->file, name);
}

std::optional<std::int64_t> ResultReader::integer_attribute(const std::string& name) const {
  return read_integer_attribute(file_->file, name);
}

bool ResultReader::has_variable(const std::string& name) const {
  return H5Lexists(file_->file, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::int64_t> ResultReader::integer_variable(const std::string& name) const {
  quiet_hdf5_errors();
  const auto dims = extent(file_->file, name);
  if (!dims) throw OutputError(fmt::format("{}: variable {} is missing", path_, name));
  if (dims->size() != 1 || (*dims)[0] != run_count_)
    throw OutputError(fmt::format("{}: variable {} is not one value per run", path_, name));
  Handle ds(H5Dopen2(file_->file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  Handle type(H5Dget_type(ds), H5Tclose, "type of " + name);
  if (H5Tget_class(type) != H5T_INTEGER) throw OutputError(fmt::format("{}: variable {} is not whole numbers", path_, name));
  std::vector<std::int64_t> values(run_count_);
  if (run_count_ > 0)
    check(H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path_ + ": read " + name);
  return values;
}

std::vector<std::string> ResultReader::string_variable(const std::string& name) const {
  quiet_hdf5_errors();
  if (!has_variable(name)) throw OutputError(fmt::format("{}: variable {} is missing", path_, name));
  auto values = read_strings(file_->file, name, path_);
  if (values.size() != run_count_)
    throw OutputError(fmt::format("{}: variable {} is not one value per run", path_, name));
  return values;
}

RunSeries ResultReader::read_run(std::size_t run) const {
  quiet_hdf5_errors();
  if (run >= run_count_) throw OutputError(fmt::format("{}: no run {} in a file of {} runs", path_, run, run_count_));
  RunSeries series(start_, day_count_, villages_, daily_series_);
  RunSeries::Data& d = *series.data_;
  const hid_t f = file_->file;
  try {
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      const std::size_t w = spec.scope == Scope::area ? 0 : d.width(spec);
      const std::size_t cells = std::max<std::size_t>(w, 1);
      const bool real = spec.kind == ValueKind::real;
      if (daily_series_) {
        const std::size_t n = static_cast<std::size_t>(day_count_) * cells;
        if (real) d.real[i].resize(n);
        else d.integer[i].resize(n);
        read_block(f, std::string(spec.name), run, run_count_, static_cast<std::size_t>(day_count_), w, real,
                   real ? static_cast<void*>(d.real[i].data()) : static_cast<void*>(d.integer[i].data()));
      }
      if (spec.yearly == Yearly::none) continue;
      const bool year_real = !d.year_real[i].empty();
      read_block(f, std::string(spec.name) + "_yearly", run, run_count_, static_cast<std::size_t>(year_count_), w,
                 year_real, year_real ? static_cast<void*>(d.year_real[i].data()) : static_cast<void*>(d.year_int[i].data()));
    }
  } catch (const OutputError& e) {
    throw OutputError(fmt::format("{}: run {}: {}", path_, run, e.what()));
  }
  for (int day = 0; day < day_count_; ++day) ++d.days_in_year[static_cast<std::size_t>((start_ + day).year() - first_year_)];
  d.buffered = day_count_;
  d.yearly_means_final = true;
  return series;
}

}  // namespace yucun::output
