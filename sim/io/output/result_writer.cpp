#include "sim/io/output/result_writer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include <fmt/format.h>
#include <hdf5_hl.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <zlib.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/part_driver.hpp"
#include "sim/io/output/publish_file.hpp"
#include "sim/io/output/run_series_data.hpp"
#include "sim/core/ledger.hpp"

namespace yucun::output {

namespace fs = std::filesystem;

void check_output_path(const std::string& path, bool overwrite) {
  if (path.empty()) throw OutputError("the output path is empty");
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) throw OutputError(fmt::format("output '{}' is a directory; give a file name such as run.h5", path));
  // Anything at the name counts, a dangling symbolic link too; --force
  // replaces only a regular file (or a link to one), never a device, a FIFO
  // or a socket (as root, `-o /dev/null --force` would replace /dev/null).
  const fs::file_status link = fs::symlink_status(p, ec);
  if (fs::exists(link) && !overwrite)
    throw OutputError(fmt::format("output '{}' already exists; pass --force to overwrite it", path));
  if (fs::exists(link)) {
    const fs::file_status target = fs::status(p, ec);
    const bool dangling = fs::is_symlink(link) && !fs::exists(target);
    if (!dangling && !fs::is_regular_file(target))
      throw OutputError(fmt::format("output '{}' is not a regular file (a device, FIFO or socket): it is never "
                                    "replaced, not even with --force; give another name",
                                    path));
  }
  const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (fs::exists(parent, ec) && !fs::is_directory(parent, ec))
    throw OutputError(fmt::format("cannot write '{}': '{}' is a file, not a folder", path, parent.string()));
  if (!fs::is_directory(parent, ec))
    throw OutputError(fmt::format("cannot write '{}': folder '{}' does not exist", path, parent.string()));
  if (::access(parent.c_str(), W_OK) != 0)
    throw OutputError(fmt::format("cannot write '{}': folder '{}' is not writable", path, parent.string()));
}

// Days in a chunk of the daily series (the same for every series).
static int chunk_rows(const WriteOptions& options, const ResultLayout& layout) {
  const std::size_t widest = std::max<std::size_t>({layout.villages.size(), kDeciles, 1});
  const auto by_bytes = static_cast<long long>(options.chunk_bytes / (8 * widest));
  return static_cast<int>(std::max(1LL, std::min({static_cast<long long>(options.chunk_days),
                                                    static_cast<long long>(layout.day_count), by_bytes})));
}

// ---- One run's series in memory -------------------------------------------------

RunSeries::RunSeries(Date start, int day_count, std::size_t villages, bool keep_daily)
    : data_(std::make_unique<Data>()) {
  if (day_count <= 0) throw OutputError(fmt::format("a run needs at least one day, not {}", day_count));
  Data& d = *data_;
  d.keep_daily = keep_daily;
  d.start = start;
  d.day_count = day_count;
  d.villages = villages;
  d.first_year = start.year();
  d.year_count = (start + (day_count - 1)).year() - d.first_year + 1;
  d.days_in_year.assign(static_cast<std::size_t>(d.year_count), 0);
  d.real.resize(kSeriesCount);
  d.integer.resize(kSeriesCount);
  d.year_real.resize(kSeriesCount);
  d.year_int.resize(kSeriesCount);
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    const SeriesSpec& spec = kSeriesSpecs[i];
    if (spec.yearly == Yearly::none) continue;
    const std::size_t cells = static_cast<std::size_t>(d.year_count) * d.width(spec);
    if (spec.kind == ValueKind::real || spec.yearly == Yearly::mean) d.year_real[i].assign(cells, 0.0);
    else d.year_int[i].assign(cells, 0);
  }
}

RunSeries::RunSeries(std::unique_ptr<Data> data) : data_(std::move(data)) {}
RunSeries::~RunSeries() = default;
RunSeries::RunSeries(RunSeries&&) noexcept = default;
RunSeries& RunSeries::operator=(RunSeries&&) noexcept = default;
int RunSeries::day_count() const { return data_->day_count; }
int RunSeries::days_appended() const { return data_->days_appended(); }

void RunSeries::append_day(const DayIndicators& day) {
  Data& d = *data_;
  if (d.days_appended() >= d.day_count) throw OutputError("more days written than the run has");
  if (day.villages() != d.villages)
    throw OutputError(fmt::format("a day of {} villages written to a run of {}", day.villages(), d.villages));
  if (day.specs().data() != kSeriesSpecs.data())
    throw OutputError("a day of another table of series written to a run of the model's series");
  const Date date = d.start + d.days_appended();
  const std::size_t year = static_cast<std::size_t>(date.year() - d.first_year);
  ++d.days_in_year[year];
  // Branches hoisted out of the loops over a series' values (this runs
  // every day for every value); each cell's yearly sum still adds the days in order.
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    const SeriesSpec& spec = kSeriesSpecs[i];
    const std::size_t width = d.width(spec);
    const bool real = spec.kind == ValueKind::real;
    const double* reals = real ? day.reals(i).data() : nullptr;
    const std::int64_t* ints = real ? nullptr : day.integers(i).data();
    if (d.keep_daily) {
      if (real) {
        std::vector<double>& out = d.real[i];
        const std::size_t at = out.size();
        out.resize(at + width);
        for (std::size_t v = 0; v < width; ++v) out[at + v] = reals[v];
      } else {
        std::vector<std::int64_t>& out = d.integer[i];
        const std::size_t at = out.size();
        out.resize(at + width);
        for (std::size_t v = 0; v < width; ++v) out[at + v] = ints[v];
      }
    }
    if (spec.yearly == Yearly::none) continue;
    const std::size_t cell = year * width;
    switch (spec.yearly) {
      case Yearly::sum:
        if (real)
          for (std::size_t v = 0; v < width; ++v) d.year_real[i][cell + v] += reals[v];
        else {
          // Checked: a yearly sum past the int64 range would be written
          // wrapped around (negative money); the run stops instead.
          bool wrapped = false;
          for (std::size_t v = 0; v < width; ++v)
            wrapped |= __builtin_add_overflow(d.year_int[i][cell + v], ints[v], &d.year_int[i][cell + v]);
          if (wrapped) [[unlikely]] {
            const std::string what = fmt::format("the yearly sum of {} in {}", spec.name, date.year());
            if (spec.units == "fen") throw_money_overflow(what);
            throw std::overflow_error(what + " exceeds the int64 range");
          }
        }
        break;
      case Yearly::mean:
        if (real)
          for (std::size_t v = 0; v < width; ++v) d.year_real[i][cell + v] += reals[v];
        else
          for (std::size_t v = 0; v < width; ++v)
            d.year_real[i][cell + v] += static_cast<double>(ints[v]);
        break;
      case Yearly::last:
        if (real)
          for (std::size_t v = 0; v < width; ++v) d.year_real[i][cell + v] = reals[v];
        else
          for (std::size_t v = 0; v < width; ++v) d.year_int[i][cell + v] = ints[v];
        break;
      case Yearly::none:
        break;
    }
  }
  ++d.buffered;
}

// ---- The file ------------------------------------------------------------------

namespace {

// What rows never written hold (MultiRunWriter::skip_run): set explicitly,
// NaN in real series and kMissingInteger in integer ones, declared as their
// `_FillValue`, so that netCDF readers see the rows as missing.
enum class Fill { none, nan, integer };

Handle dataset_creation(hsize_t rank, const hsize_t* chunk, int deflate_level, Fill fill = Fill::none) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  // No timestamps in objects: the same run gives a byte-identical file.
  check(H5Pset_obj_track_times(dcpl, 0), "disable time tracking");
  if (fill == Fill::nan) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan), "set fill value");
  } else if (fill == Fill::integer) {
    const std::int64_t missing = kMissingInteger;
    check(H5Pset_fill_value(dcpl, H5T_NATIVE_INT64, &missing), "set fill value");
  }
  if (chunk) {
    check(H5Pset_chunk(dcpl, static_cast<int>(rank), chunk), "set chunking");
    check(H5Pset_shuffle(dcpl), "set shuffle");
    check(H5Pset_deflate(dcpl, static_cast<unsigned>(deflate_level)), "set deflate");
    check(H5Pset_fletcher32(dcpl), "set checksum");  // damage is detected on reading
  }
  return dcpl;
}

void describe(hid_t dataset, std::string_view long_name, std::string_view units) {
  write_string_attribute(dataset, "long_name", std::string(long_name));
  write_string_attribute(dataset, "units", std::string(units));
}

// The CF `_FillValue` of a series (of the dataset's own type): what its
// rows hold where nothing was written.
void declare_fill(hid_t dataset, bool real) {
  if (real) write_f64_attribute(dataset, "_FillValue", std::numeric_limits<double>::quiet_NaN());
  else write_i64_attribute(dataset, "_FillValue", kMissingInteger);
}

// The CF `coordinates` of a variable with a village dimension: netCDF
// readers (xarray) show the villages' names and townships with it.
constexpr const char* kVillageCoordinates = "village_name village_township";

// A one-dimensional dataset holding `values` (written from memory type `type`
// into file type `file_type`, by default the same).
template <class T>
Handle write_vector(hid_t file, const std::string& name, hid_t type, const std::vector<T>& values, hid_t file_type = -1) {
  const hsize_t size = values.size();
  Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "vector space");
  Handle dcpl = dataset_creation(1, nullptr, 0);
  Handle ds(H5Dcreate2(file, name.c_str(), file_type >= 0 ? file_type : type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
            H5Dclose, fmt::format("create {}", name));
  if (!values.empty())
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), fmt::format("write {}", name));
  return ds;
}

Handle write_strings(hid_t file, const std::string& name, const std::vector<std::string>& values) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t size = values.size();
  Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "string space");
  Handle dcpl = dataset_creation(1, nullptr, 0);
  Handle ds(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            fmt::format("create {}", name));
  if (!values.empty())
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), fmt::format("write {}", name));
  return ds;
}

// A coordinate: first, first + 1, ..., made a dimension scale.
Handle index_scale(hid_t file, const char* name, std::size_t n, std::string_view long_name,
                   std::string_view units = "1", std::int32_t first = 0) {
  std::vector<std::int32_t> index(n);
  std::iota(index.begin(), index.end(), first);
  Handle ds = write_vector(file, name, H5T_NATIVE_INT32, index, H5T_STD_I32LE);
  describe(ds, long_name, units);
  check(H5DSset_scale(ds, name), fmt::format("make {} a dimension scale", name));
  return ds;
}

}  // namespace

std::string yearly_variable(const SeriesSpec& spec) { return std::string(spec.name) + "_yearly"; }

namespace {

const char* yearly_rule(Yearly y) {
  return y == Yearly::sum ? "sum" : y == Yearly::mean ? "mean" : "value on the last day";
}

// HDF5 calls of the writers take turns through this lock: a ResultWriter's
// thread and the writers' callers (the library is the serial build).
std::recursive_mutex& hdf5_mutex() {
  static std::recursive_mutex m;
  return m;
}

// HDF5's Fletcher-32 (H5_checksum_fletcher32): 16-bit big-endian words.
std::uint32_t fletcher32(const unsigned char* data, std::size_t bytes) {
  std::size_t len = bytes / 2;
  std::uint32_t sum1 = 0, sum2 = 0;
  while (len) {
    std::size_t tlen = len > 360 ? 360 : len;
    len -= tlen;
    do {
      sum1 += static_cast<std::uint32_t>((static_cast<std::uint16_t>(data[0]) << 8) | static_cast<std::uint16_t>(data[1]));
      data += 2;
      sum2 += sum1;
    } while (--tlen);
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (bytes % 2) {
    sum1 += static_cast<std::uint32_t>(static_cast<std::uint16_t>(*data) << 8);
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

// One chunk as HDF5's filter pipeline of dataset_creation() stores it:
// shuffle (8-byte elements), deflate (zlib compress2 at `level`, into a
// buffer of the size HDF5 gives it) and the Fletcher-32 checksum appended
// little-endian. `mask` gets the filter mask for H5Dwrite_chunk: deflate is
// an optional filter, skipped (bit 1) where its output would not fit, as
// HDF5 does. Pure computation: any thread, no HDF5 call.
std::vector<unsigned char> encode_chunk(const unsigned char* raw, std::size_t bytes, int level, std::uint32_t& mask) {
  constexpr std::size_t kElement = 8;
  const std::size_t n = bytes / kElement;
  std::vector<unsigned char> shuffled(bytes);
  if (n > 1) {
    for (std::size_t j = 0; j < kElement; ++j) {
      unsigned char* out = shuffled.data() + j * n;
      for (std::size_t i = 0; i < n; ++i) out[i] = raw[i * kElement + j];
    }
    std::copy(raw + n * kElement, raw + bytes, shuffled.data() + n * kElement);
  } else {
    std::copy(raw, raw + bytes, shuffled.data());
  }
  // H5Z_DEFLATE_SIZE_ADJUST: ceil(bytes * 1.001) + 12.
  uLongf size = static_cast<uLongf>(std::ceil(static_cast<double>(bytes) * 1.001) + 12);
  std::vector<unsigned char> out(static_cast<std::size_t>(size) + 4);
  const int status = compress2(out.data(), &size, shuffled.data(), static_cast<uLong>(bytes), level);
  mask = 0;
  if (status == Z_BUF_ERROR) {
    mask = 1u << 1;
    out.assign(shuffled.begin(), shuffled.end());
    out.resize(bytes + 4);
    size = static_cast<uLongf>(bytes);
  } else if (status != Z_OK) {
    throw OutputError(fmt::format("compress a chunk: zlib error {}", status));
  }
  const std::uint32_t sum = fletcher32(out.data(), size);
  for (int b = 0; b < 4; ++b) out[size + static_cast<std::size_t>(b)] = static_cast<unsigned char>(sum >> (8 * b));
  out.resize(static_cast<std::size_t>(size) + 4);
  return out;
}

}  // namespace

// The days of one run's daily series to store: rows [first_row, first_row +
// rows) of every series, row-major [day][index], in each series' buffer.
struct DayBlock {
  std::size_t first_row = 0;
  std::size_t rows = 0;
  std::vector<std::vector<double>> real;
  std::vector<std::vector<std::int64_t>> integer;
};

// One compressed chunk of one series, ready for H5Dwrite_chunk.
struct EncodedChunk {
  std::size_t series = 0;
  std::size_t first_row = 0;
  std::uint32_t mask = 0;
  std::vector<unsigned char> bytes;
};

// The HDF5 file being built, in its temporary file on disk (or in memory
// only: WriteOptions::in_memory), and the layout of its series: without a
// leading `run` dimension (one run) or with.
// The constructor checks the layout and claims the temporary file without
// any HDF5 call; create() builds the file (possibly in another thread).
class ResultFile {
 public:
  ResultFile(std::string path, const ResultLayout& layout, const std::vector<RunLabel>* runs,
             const WriteOptions& options);
  ~ResultFile();  // removes the temporary file unless finish() succeeded
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  // Creates the file: root attributes, coordinates, the world,
  // empty series.
  void create(const RunMetadata& metadata);
  // Checks that `d` is a run of this file's days and villages.
  void check_run_shape(const RunSeries::Data& d) const;
  // Writes the buffered days of `d` at their place in run `run`'s rows
  // (whole chunks compressed in parallel when `parallel`; no HDF5 call then).
  void write_days(std::size_t run, const RunSeries::Data& d, bool parallel = true);
  // Compresses the chunks of `block` (in parallel or not; no HDF5 call) and
  // stores them in run `run`'s rows.
  void write_block_days(std::size_t run, const DayBlock& block, bool parallel);
  void write_yearly(std::size_t run, const RunSeries::Data& d);
  template <class T>
  void add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                        hid_t mem_type, hid_t file_type, const std::vector<T>& values);
  void add_run_strings(const std::string& name, const std::string& long_name, const std::string& units,
                       const std::vector<std::string>& values);
  template <class Write>
  void set_root_attribute(const std::string& name, Write write) {
    std::lock_guard lock(hdf5_mutex());
    if (has_attribute(file_, name)) check(H5Adelete(file_, name.c_str()), "replace attribute " + name);
    write(file_.get());
    disk_.rethrow();
  }
  void finish();
  std::vector<char> take_image();
  const std::string& temporary_path() const { return temp_path_; }
  std::size_t run_count() const { return run_count_; }
  bool daily_series() const { return daily_series_; }

 private:
  struct Series {
    const SeriesSpec* spec;
    Handle daily;
    Handle yearly;  // absent for Yearly::none
  };
  std::size_t width(const SeriesSpec& spec) const {
    return values_per_day(spec.scope, villages_);
  }
  // Closes every dataset and dimension scale, leaving only the file open.
  void close_datasets();
  // The shape of a series' dataset with `rows` rows (days or years), with
  // the leading run dimension when the file has one.
  std::vector<hsize_t> shape(const SeriesSpec& spec, std::size_t rows) const;
  // Attaches the dimension scales to a series: [run,] rows, [village|decile].
  void attach(hid_t ds, const SeriesSpec& spec, hid_t row_scale) const;
  void write_block(hid_t ds, const SeriesSpec& spec, std::size_t run, std::size_t first_row, std::size_t rows,
                   const void* values, bool real);
  void store_days(std::size_t run, std::size_t first_row, std::size_t rows, const std::vector<std::vector<double>>& real,
                  const std::vector<std::vector<std::int64_t>>& integer, bool parallel);
  template <class T>
  EncodedChunk encode_one(std::size_t series, const std::vector<T>& values, std::size_t block_first,
                          std::size_t chunk_first, std::size_t rows) const;

  std::string path_;
  std::string temp_path_;  // in memory only: the name the core driver knows the file by
  bool in_memory_ = false;
  std::vector<char> image_;  // in memory only: the finished file
  bool finished_ = false;
  bool overwrite_ = false;
  std::unique_ptr<PartFile> part_;  // the claimed temporary file (locked), written as the file is built
  DiskWriteFailure disk_;           // the first failed write to it, if any
  Handle file_;
  bool with_runs_ = false;
  bool daily_series_ = true;
  std::size_t run_count_ = 1;
  std::vector<RunLabel> runs_;
  Date start_;
  int day_count_ = 0;
  std::size_t villages_ = 0;
  int first_year_ = 0;
  int year_count_ = 0;
  int chunk_days_ = 1;
  int deflate_level_ = 4;
  // The layout as written by create().
  ResultLayout layout_;
  std::int32_t gateway_ = 0;
  std::vector<std::int32_t> road_from_, road_to_;
  std::vector<double> road_km_, road_minutes_;
  Handle run_scale_, time_scale_, village_scale_, decile_scale_, year_scale_;
  std::vector<Series> series_;
};

ResultFile::ResultFile(std::string path, const ResultLayout& layout, const std::vector<RunLabel>* runs,
                       const WriteOptions& options)
    : path_(std::move(path)) {
  if (layout.day_count <= 0) throw OutputError(fmt::format("a result needs at least one day, not {}", layout.day_count));
  if (runs && runs->empty()) throw OutputError("a multi-run result needs at least one run");
  if (options.deflate_level < 0 || options.deflate_level > 9)
    throw OutputError(fmt::format("deflate level {} is not 0 to 9", options.deflate_level));
  in_memory_ = options.in_memory;
  if (!in_memory_) check_output_path(path_, options.overwrite);
  with_runs_ = runs != nullptr;
  if (runs) runs_ = *runs;
  daily_series_ = options.daily_series;
  run_count_ = runs ? runs->size() : 1;
  start_ = layout.start;
  day_count_ = layout.day_count;
  villages_ = layout.villages.size();
  first_year_ = layout.start.year();
  year_count_ = (layout.start + (layout.day_count - 1)).year() - first_year_ + 1;
  chunk_days_ = chunk_rows(options, layout);
  deflate_level_ = options.deflate_level;
  layout_ = layout;

  // Village names to indices, for the roads and the gateway.
  std::map<std::string, std::int32_t> village_index;
  for (std::size_t v = 0; v < layout.villages.size(); ++v)
    village_index.emplace(layout.villages[v].name, static_cast<std::int32_t>(v));
  auto index_of = [&](const std::string& name, const char* what) {
    const auto it = village_index.find(name);
    if (it == village_index.end()) throw OutputError(fmt::format("{} '{}' is not a village of the run", what, name));
    return it->second;
  };
  gateway_ = layout.gateway.empty() ? 0 : index_of(layout.gateway, "tourism gateway");
  for (const RoadSpec& r : layout.roads) {
    road_from_.push_back(index_of(r.from, "road end"));
    road_to_.push_back(index_of(r.to, "road end"));
    road_km_.push_back(r.km);
    road_minutes_.push_back(r.minutes);
  }

  if (in_memory_) {
    // A name of its own for the core driver (no backing store: never opened).
    static std::atomic<std::uint64_t> files{0};
    temp_path_ = fmt::format("yucun-in-memory-{}-{}.h5", ::getpid(), files.fetch_add(1));
    return;
  }
  // The temporary file is claimed now (so that an unwritable folder fails
  // before the run) and written as the file is built, through a driver of
  // our own (part_driver.hpp): memory stays bounded whatever the output's
  // size, and a failed write (disk full, file-size limit) is reported by the
  // next call, while HDF5 itself never sees one. It is held under an
  // exclusive flock while this writer lives (publish_file.hpp).
  overwrite_ = options.overwrite;
  part_ = std::make_unique<PartFile>(path_);
  temp_path_ = part_->path();
}

void ResultFile::create(const RunMetadata& metadata_in) {
  std::lock_guard lock(hdf5_mutex());
  quiet_hdf5_errors();
  const ResultLayout& layout = layout_;
  const std::vector<RunLabel>* runs = with_runs_ ? &runs_ : nullptr;
  const int chunk_days = chunk_days_;
  const std::int32_t gateway = gateway_;
  const std::vector<std::int32_t>& road_from = road_from_;
  const std::vector<std::int32_t>& road_to = road_to_;
  const std::vector<double>& road_km = road_km_;
  const std::vector<double>& road_minutes = road_minutes_;
  RunMetadata made;
  if (metadata_in.scenario_yaml_source) {
    made.scenario_name = metadata_in.scenario_name;
    made.scenario_yaml = metadata_in.scenario_yaml_source();
    made.seed = metadata_in.seed;
    made.run = metadata_in.run;
    made.model_version = metadata_in.model_version;
    made.spin_up_days = metadata_in.spin_up_days;
    made.spin_up_years = metadata_in.spin_up_years;
  }
  const RunMetadata& metadata = metadata_in.scenario_yaml_source ? made : metadata_in;
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
  check(H5Pset_obj_track_times(fcpl, 0), "disable time tracking");
  if (in_memory_) {
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
    check(H5Pset_fapl_core(fapl, 4u << 20, 0), "in-memory file driver");
    file_ = Handle(H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose,
                   fmt::format("cannot create '{}'", temp_path_));
  } else {
    file_ = create_on_part(*part_, fcpl, disk_);
  }

  // Root attributes: enough to know what produced the file and to rerun it.
  write_string_attribute(file_, "title",
                         with_runs_ ? fmt::format("yucun runs of scenario '{}' ({} runs)", metadata.scenario_name, run_count_)
                                    : fmt::format("yucun run of scenario '{}'", metadata.scenario_name));
  write_string_attribute(file_, "Conventions", "CF-1.8");
  write_string_attribute(file_, "source", fmt::format("yucun {}", metadata.model_version));
  write_string_attribute(file_, "model_version", metadata.model_version);
  write_string_attribute(file_, "scenario_name", metadata.scenario_name);
  // An HDF5 attribute holds at most 64 KiB: the scenario of a large generated
  // world (hundreds of villages) goes into a scalar string variable instead.
  constexpr std::size_t kAttributeLimit = 60000;
  if (metadata.scenario_yaml.size() <= kAttributeLimit) {
    write_string_attribute(file_, "scenario", metadata.scenario_yaml);
  } else {
    write_string_attribute(file_, "scenario", "(too long for an attribute: see the variable scenario_yaml)");
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(type, H5T_VARIABLE), "string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
    check(H5Pset_obj_track_times(dcpl, 0), "disable time tracking");
    Handle ds(H5Dcreate2(file_, "scenario_yaml", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
              "create scenario_yaml");
    const char* text = metadata.scenario_yaml.c_str();
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "write scenario_yaml");
    write_string_attribute(ds, "long_name", "the resolved scenario (YAML), enough to rerun");
    write_string_attribute(ds, "units", "1");
  }
  write_u64_attribute(file_, "seed", metadata.seed);
  if (with_runs_) {
    std::set<std::uint32_t> replicates;
    for (const RunLabel& r : *runs) replicates.insert(r.replicate);
    write_u64_attribute(file_, "replicates", replicates.size());
  } else {
    write_u64_attribute(file_, "run", metadata.run);
  }
  write_i32_attribute(file_, "gateway_village", gateway);
  write_i32_attribute(file_, "spin_up_years", metadata.spin_up_years);
  write_i32_attribute(file_, "spin_up_days", metadata.spin_up_days);

  // Coordinates, made HDF5 dimension scales so that netCDF readers see named
  // dimensions.
  if (with_runs_) {
    run_scale_ = index_scale(file_, "run", run_count_, "run: position in the file (see seed and replicate)");
    std::vector<std::uint64_t> seeds;
    std::vector<std::uint32_t> replicates;
    for (const RunLabel& r : *runs) {
      seeds.push_back(r.seed);
      replicates.push_back(r.replicate);
    }
    Handle seed = write_vector(file_, "seed", H5T_NATIVE_UINT64, seeds, H5T_STD_U64LE);
    describe(seed, "random seed of the run (--seed)", "1");
    check(H5DSattach_scale(seed, run_scale_, 0), "attach run scale");
    Handle replicate = write_vector(file_, "replicate", H5T_NATIVE_UINT32, replicates, H5T_STD_U32LE);
    describe(replicate, "replicate number of the run: keys the random streams with the seed (--run)", "1");
    check(H5DSattach_scale(replicate, run_scale_, 0), "attach run scale");
  }
  time_scale_ = index_scale(file_, "time", static_cast<std::size_t>(day_count_), "time",
                            fmt::format("days since {}", start_.to_string()));
  write_string_attribute(time_scale_, "calendar", "standard");
  write_string_attribute(time_scale_, "axis", "T");
  village_scale_ = index_scale(file_, "village", villages_, "village index (see village_name)");
  decile_scale_ = index_scale(file_, "decile", kDeciles, "tenth of households ranked by per-capita income, 1 = poorest", "1", 1);
  year_scale_ = index_scale(file_, "year", static_cast<std::size_t>(year_count_),
                            "calendar year of the yearly summaries", "1", first_year_);

  auto village_variable = [&](Handle ds, std::string_view long_name, std::string_view units, bool label = false) {
    describe(ds, long_name, units);
    if (!label) write_string_attribute(ds, "coordinates", kVillageCoordinates);
    check(H5DSattach_scale(ds, village_scale_, 0), "attach village scale");
  };
  std::vector<std::string> names, townships;
  std::vector<double> xs, ys;
  std::vector<std::int64_t> population, households;
  for (const auto& v : layout.villages) {
    names.push_back(v.name);
    townships.push_back(v.township);
    xs.push_back(v.x_km);
    ys.push_back(v.y_km);
    population.push_back(v.population);
    households.push_back(v.households);
  }
  village_variable(write_strings(file_, "village_name", names), "village name", "1", true);
  village_variable(write_strings(file_, "village_township", townships), "township of the village", "1", true);
  village_variable(write_vector(file_, "village_x", H5T_NATIVE_DOUBLE, xs, H5T_IEEE_F64LE),
                   "village position east of Yucun (approximate)", "km");
  village_variable(write_vector(file_, "village_y", H5T_NATIVE_DOUBLE, ys, H5T_IEEE_F64LE),
                   "village position north of Yucun (approximate)", "km");
  village_variable(write_vector(file_, "village_population", H5T_NATIVE_INT64, population, H5T_STD_I64LE),
                   "registered residents of the village (scenario data)", "persons");
  village_variable(write_vector(file_, "village_households", H5T_NATIVE_INT64, households, H5T_STD_I64LE),
                   "households of the village (scenario data)", "1");

  // The road network, so that reports can draw it.
  Handle road_scale = index_scale(file_, "road", layout.roads.size(), "road index");
  auto road_variable = [&](Handle ds, std::string_view long_name, std::string_view units) {
    describe(ds, long_name, units);
    check(H5DSattach_scale(ds, road_scale, 0), "attach road scale");
  };
  road_variable(write_vector(file_, "road_from", H5T_NATIVE_INT32, road_from, H5T_STD_I32LE),
                "village index at one end of the road (see village_name)", "1");
  road_variable(write_vector(file_, "road_to", H5T_NATIVE_INT32, road_to, H5T_STD_I32LE),
                "village index at the other end of the road (see village_name)", "1");
  road_variable(write_vector(file_, "road_km", H5T_NATIVE_DOUBLE, road_km, H5T_IEEE_F64LE), "length of the road", "km");
  road_variable(write_vector(file_, "road_minutes", H5T_NATIVE_DOUBLE, road_minutes, H5T_IEEE_F64LE),
                "travel time by car on the road", "minutes");

  // The daily series, chunked by a year of days (and one run), then their
  // yearly summaries, small and contiguous.
  for (const SeriesSpec& spec : kSeriesSpecs) {
    if (!daily_series_) {
      series_.push_back(Series{&spec, Handle(), Handle()});
      continue;
    }
    const std::vector<hsize_t> dims = shape(spec, static_cast<std::size_t>(day_count_));
    std::vector<hsize_t> chunk = dims;
    if (with_runs_) chunk[0] = 1;
    chunk[with_runs_ ? 1 : 0] = static_cast<hsize_t>(chunk_days);
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "series space");
    Handle dcpl = dataset_creation(dims.size(), chunk.data(), deflate_level_,
                                   spec.kind == ValueKind::real ? Fill::nan : Fill::integer);
    const hid_t type = spec.kind == ValueKind::real ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    const std::string name(spec.name);
    Handle ds(H5Dcreate2(file_, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
              "create " + name);
    describe(ds, spec.long_name, spec.units);
    // Real series mark missing values (e.g. income statistics before twelve
    // months are booked) as NaN, integer ones (a run a sweep left out) as
    // kMissingInteger, declared for netCDF readers.
    declare_fill(ds, spec.kind == ValueKind::real);
    attach(ds, spec, time_scale_);
    series_.push_back(Series{&spec, std::move(ds), Handle()});
  }
  for (Series& s : series_) {
    const SeriesSpec& spec = *s.spec;
    if (spec.yearly == Yearly::none) continue;
    const std::vector<hsize_t> dims = shape(spec, static_cast<std::size_t>(year_count_));
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "yearly space");
    const std::string name = yearly_variable(spec);
    // Sums and lasts keep the series' type; means are real.
    const bool real = spec.kind == ValueKind::real || spec.yearly == Yearly::mean;
    Handle dcpl = dataset_creation(dims.size(), nullptr, 0, real ? Fill::nan : Fill::integer);
    s.yearly = Handle(H5Dcreate2(file_, name.c_str(), real ? H5T_IEEE_F64LE : H5T_STD_I64LE, space, H5P_DEFAULT,
                                 dcpl, H5P_DEFAULT),
                      H5Dclose, "create " + name);
    describe(s.yearly, fmt::format("{}: yearly {}", spec.long_name, yearly_rule(spec.yearly)), spec.units);
    declare_fill(s.yearly, real);
    write_string_attribute(s.yearly, "cell_methods",
                           spec.yearly == Yearly::sum    ? "year: sum"
                           : spec.yearly == Yearly::mean ? "year: mean"
                                                         : "year: point");
    attach(s.yearly, spec, year_scale_);
  }
  disk_.rethrow();
}

ResultFile::~ResultFile() {
  if (finished_) return;
  std::lock_guard lock(hdf5_mutex());
  close_datasets();
  file_.reset();
  part_.reset();  // removes the temporary file
}

void ResultFile::close_datasets() {
  series_.clear();
  run_scale_.reset();
  time_scale_.reset();
  village_scale_.reset();
  decile_scale_.reset();
  year_scale_.reset();
}

std::vector<hsize_t> ResultFile::shape(const SeriesSpec& spec, std::size_t rows) const {
  std::vector<hsize_t> dims;
  if (with_runs_) dims.push_back(run_count_);
  dims.push_back(rows);
  if (spec.scope != Scope::area) dims.push_back(width(spec));
  return dims;
}

void ResultFile::attach(hid_t ds, const SeriesSpec& spec, hid_t row_scale) const {
  unsigned axis = 0;
  if (with_runs_) check(H5DSattach_scale(ds, run_scale_, axis++), "attach run scale");
  check(H5DSattach_scale(ds, row_scale, axis++), "attach time or year scale");
  if (spec.scope != Scope::area)
    check(H5DSattach_scale(ds, spec.scope == Scope::village ? village_scale_.get() : decile_scale_.get(), axis),
          "attach village or decile scale");
  if (spec.scope == Scope::village) write_string_attribute(ds, "coordinates", kVillageCoordinates);
}

void ResultFile::write_block(hid_t ds, const SeriesSpec& spec, std::size_t run, std::size_t first_row,
                             std::size_t rows, const void* values, bool real) {
  std::vector<hsize_t> start, count;
  if (with_runs_) {
    start.push_back(run);
    count.push_back(1);
  }
  start.push_back(first_row);
  count.push_back(rows);
  if (spec.scope != Scope::area) {
    start.push_back(0);
    count.push_back(width(spec));
  }
  Handle file_space(H5Dget_space(ds), H5Sclose, "dataset space");
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "select rows");
  Handle mem_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose, "memory space");
  check(H5Dwrite(ds, real ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64, mem_space, file_space, H5P_DEFAULT, values),
        fmt::format("write {}", spec.name));
}

void ResultFile::check_run_shape(const RunSeries::Data& d) const {
  if (d.start != start_ || d.day_count != day_count_ || d.villages != villages_)
    throw OutputError(fmt::format("a run of {} days from {} in {} villages does not fit a file of {} days from {} in {}",
                                  d.day_count, d.start.to_string(), d.villages, day_count_, start_.to_string(),
                                  villages_));
}

void ResultFile::write_days(std::size_t run, const RunSeries::Data& d, bool parallel) {
  if (d.buffered == 0 || !daily_series_) return;
  if (!d.keep_daily) throw OutputError("a run collected without its daily series, for a file that holds them");
  store_days(run, static_cast<std::size_t>(d.days_dropped), static_cast<std::size_t>(d.buffered), d.real, d.integer,
             parallel);
}

void ResultFile::write_block_days(std::size_t run, const DayBlock& block, bool parallel) {
  if (block.rows == 0 || !daily_series_) return;
  store_days(run, block.first_row, block.rows, block.real, block.integer, parallel);
}

template <class T>
EncodedChunk ResultFile::encode_one(std::size_t series, const std::vector<T>& values, std::size_t block_first,
                                    std::size_t chunk_first, std::size_t rows) const {
  const SeriesSpec& spec = *series_[series].spec;
  const std::size_t w = width(spec);
  // A chunk past the last day is stored whole: its rows beyond the
  // dataset hold the fill value, as HDF5 would leave them.
  T fill = kMissingInteger;
  if constexpr (std::is_floating_point_v<T>) fill = std::numeric_limits<T>::quiet_NaN();  // real series fill with NaN
  std::vector<T> chunk(static_cast<std::size_t>(chunk_days_) * w, fill);
  const std::size_t from = (chunk_first - block_first) * w;
  if (values.size() < from + rows * w) throw OutputError(fmt::format("{}: fewer values than days", spec.name));
  std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(from), rows * w, chunk.begin());
  EncodedChunk out;
  out.series = series;
  out.first_row = chunk_first;
  out.bytes = encode_chunk(reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size() * sizeof(T),
                           deflate_level_, out.mask);
  return out;
}

void ResultFile::store_days(std::size_t run, std::size_t first_row, std::size_t rows,
                            const std::vector<std::vector<double>>& real,
                            const std::vector<std::vector<std::int64_t>>& integer, bool parallel) {
  const auto c = static_cast<std::size_t>(chunk_days_);
  const bool aligned =
      first_row % c == 0 && (rows % c == 0 || first_row + rows == static_cast<std::size_t>(day_count_));
  if (!aligned) {  // not whole chunks: through HDF5's own pipeline
    std::lock_guard lock(hdf5_mutex());
    for (std::size_t i = 0; i < series_.size(); ++i) {
      const SeriesSpec& spec = *series_[i].spec;
      const bool is_real = spec.kind == ValueKind::real;
      write_block(series_[i].daily, spec, run, first_row, rows,
                  is_real ? static_cast<const void*>(real[i].data()) : static_cast<const void*>(integer[i].data()),
                  is_real);
    }
    disk_.rethrow();
    return;
  }
  // Whole chunks: compressed here, every (series, chunk) on its own, then
  // stored as they are.
  const std::size_t per_series = (rows + c - 1) / c;
  std::vector<EncodedChunk> encoded(series_.size() * per_series);
  auto encode = [&](std::size_t k) {
    const std::size_t i = k / per_series;
    const std::size_t chunk_first = first_row + (k % per_series) * c;
    const std::size_t days = std::min(c, first_row + rows - chunk_first);
    encoded[k] = series_[i].spec->kind == ValueKind::real ? encode_one(i, real[i], first_row, chunk_first, days)
                                                          : encode_one(i, integer[i], first_row, chunk_first, days);
  };
  if (parallel) {
    // Isolated: a thread waiting here takes no unrelated task of its caller
    // (which might wait for a lock this caller holds).
    tbb::this_task_arena::isolate([&] { tbb::parallel_for(std::size_t{0}, encoded.size(), encode); });
  } else {
    for (std::size_t k = 0; k < encoded.size(); ++k) encode(k);
  }
  std::lock_guard lock(hdf5_mutex());
  for (const EncodedChunk& e : encoded) {
    const SeriesSpec& spec = *series_[e.series].spec;
    std::vector<hsize_t> offset;
    if (with_runs_) offset.push_back(run);
    offset.push_back(e.first_row);
    if (spec.scope != Scope::area) offset.push_back(0);
    check(H5Dwrite_chunk(series_[e.series].daily, H5P_DEFAULT, e.mask, offset.data(), e.bytes.size(), e.bytes.data()),
          fmt::format("write {}", spec.name));
  }
  disk_.rethrow();
}

void ResultFile::write_yearly(std::size_t run, const RunSeries::Data& d) {
  std::lock_guard lock(hdf5_mutex());
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const SeriesSpec& spec = *series_[i].spec;
    if (spec.yearly == Yearly::none) continue;
    const std::size_t rows = static_cast<std::size_t>(year_count_);
    if (!d.year_real[i].empty()) {
      std::vector<double> values = d.year_real[i];
      if (spec.yearly == Yearly::mean && !d.yearly_means_final) {
        const std::size_t w = width(spec);
        for (std::size_t y = 0; y < rows; ++y)
          for (std::size_t v = 0; v < w; ++v) values[y * w + v] /= std::max(1, d.days_in_year[y]);
      }
      write_block(series_[i].yearly, spec, run, 0, rows, values.data(), true);
    } else {
      write_block(series_[i].yearly, spec, run, 0, rows, d.year_int[i].data(), false);
    }
  }
  disk_.rethrow();
}

template <class T>
void ResultFile::add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                                  hid_t mem_type, hid_t file_type, const std::vector<T>& values) {
  std::lock_guard lock(hdf5_mutex());
  if (!with_runs_) throw OutputError(fmt::format("{}: a file of one run has no run dimension", name));
  if (values.size() != run_count_)
    throw OutputError(fmt::format("{}: {} values for {} runs", name, values.size(), run_count_));
  if (H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0) throw OutputError(fmt::format("{}: already in the file", name));
  Handle ds = write_vector(file_, name, mem_type, values, file_type);
  describe(ds, long_name, units);
  check(H5DSattach_scale(ds, run_scale_, 0), "attach run scale");
  disk_.rethrow();
}

void ResultFile::add_run_strings(const std::string& name, const std::string& long_name, const std::string& units,
                                 const std::vector<std::string>& values) {
  std::lock_guard lock(hdf5_mutex());
  if (!with_runs_) throw OutputError(fmt::format("{}: a file of one run has no run dimension", name));
  if (values.size() != run_count_)
    throw OutputError(fmt::format("{}: {} values for {} runs", name, values.size(), run_count_));
  if (H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0) throw OutputError(fmt::format("{}: already in the file", name));
  Handle ds = write_strings(file_, name, values);
  describe(ds, long_name, units);
  check(H5DSattach_scale(ds, run_scale_, 0), "attach run scale");
  disk_.rethrow();
}

void ResultFile::finish() {
  {
    std::lock_guard lock(hdf5_mutex());
    quiet_hdf5_errors();
    close_datasets();
    check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush file");
    if (in_memory_) {
      const ssize_t size = H5Fget_file_image(file_, nullptr, 0);
      if (size < 0) throw OutputError(fmt::format("file image: {}", last_hdf5_message()));
      image_.resize(static_cast<std::size_t>(size));
      if (H5Fget_file_image(file_, image_.data(), image_.size()) != size)
        throw OutputError(fmt::format("file image: {}", last_hdf5_message()));
    }
    check(H5Fclose(file_.release()), "close file");
    disk_.rethrow();
  }
  if (!in_memory_) {
    // Never over a file that appeared at the name while this run was
    // writing, unless --force (issue 18, fault 8).
    part_->publish(overwrite_);
  }
  finished_ = true;
}

std::vector<char> ResultFile::take_image() {
  if (!in_memory_) throw OutputError("the result was written to a file, not kept in memory");
  if (!finished_) throw OutputError("the result is not finished");
  return std::move(image_);
}

// ---- One run per file ---------------------------------------------------------

// The thread of a ResultWriter: runs its tasks (create the file, store a
// block of days) in order. After the first error it runs no more tasks and
// keeps the error for the caller.
// Emptied buffers of chunks already stored, for the next chunks.
struct SpareBlocks {
  std::mutex mutex;
  std::vector<std::shared_ptr<DayBlock>> blocks;
};

class WriterThread {
 public:
  WriterThread() : thread_([this] { loop(); }) {}
  ~WriterThread() { stop(); }
  WriterThread(const WriterThread&) = delete;
  WriterThread& operator=(const WriterThread&) = delete;

  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
  }
  // Throws the thread's error, if any (again at every call).
  void rethrow_error() {
    std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
  }
  // Waits until every task posted so far has run (or one failed), then
  // throws the error, if any.
  void wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return (tasks_.empty() && !busy_) || error_; });
    if (error_) std::rethrow_exception(error_);
  }
  // Runs no further task; waits for the one running.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (!thread_.joinable()) return;
      stopping_ = true;
      tasks_.clear();
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      busy_ = true;
      lock.unlock();
      std::exception_ptr error;
      try {
        task();
      } catch (...) {
        error = std::current_exception();
      }
      task = nullptr;
      lock.lock();
      busy_ = false;
      if (error) {
        error_ = error;
        tasks_.clear();
      }
      idle_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<std::function<void()>> tasks_;
  bool busy_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: starts when the rest is ready
};

ResultWriter::ResultWriter(std::string path, const ResultLayout& layout, const RunMetadata& metadata,
                           WriteOptions options)
    : file_(std::make_unique<ResultFile>(std::move(path), layout, nullptr, options)),
      series_(layout.start, layout.day_count, layout.villages.size(), options.daily_series),
      chunk_days_(chunk_rows(options, layout)),
      spare_(std::make_shared<SpareBlocks>()),
      thread_(std::make_unique<WriterThread>()) {
  thread_->post([file = file_.get(), metadata] { file->create(metadata); });
}

ResultWriter::~ResultWriter() {
  if (thread_) thread_->stop();  // before the file goes
}

const std::string& ResultWriter::temporary_path() const { return file_->temporary_path(); }
std::vector<char> ResultWriter::take_image() { return file_->take_image(); }

void ResultWriter::append_day(const DayIndicators& day) {
  if (!thread_) throw OutputError("the result was already written (or failed); no more days");
  thread_->rethrow_error();
  series_.append_day(day);
  RunSeries::Data& d = *series_.data_;
  // A whole chunk before the last goes to the writer thread; the last one
  // is left to finish(), which compresses it on all threads.
  if (d.buffered < chunk_days_ || series_.complete()) return;
  if (d.keep_daily) {
    // The chunk's buffers go to the writer thread, which hands them back
    // emptied (their memory already in place) for a later chunk.
    std::shared_ptr<DayBlock> block;
    {
      std::lock_guard lock(spare_->mutex);
      if (!spare_->blocks.empty()) {
        block = std::move(spare_->blocks.back());
        spare_->blocks.pop_back();
      }
    }
    if (!block) {
      block = std::make_shared<DayBlock>();
      block->real.resize(d.real.size());
      block->integer.resize(d.integer.size());
    }
    block->first_row = static_cast<std::size_t>(d.days_dropped);
    block->rows = static_cast<std::size_t>(d.buffered);
    for (std::size_t i = 0; i < d.real.size(); ++i) block->real[i].swap(d.real[i]);
    for (std::size_t i = 0; i < d.integer.size(); ++i) block->integer[i].swap(d.integer[i]);
    thread_->post([file = file_.get(), block, spare = spare_] {
      file->write_block_days(0, *block, false);
      for (auto& b : block->real) b.clear();
      for (auto& b : block->integer) b.clear();
      std::lock_guard lock(spare->mutex);
      spare->blocks.push_back(block);
    });
  }
  d.drop_buffered();
}

void ResultWriter::finish() {
  if (!thread_) throw OutputError("the result was already written (or failed)");
  thread_->wait_idle();
  if (!series_.complete())
    throw OutputError(fmt::format("run wrote {} of {} days; not saving an incomplete result", series_.days_appended(),
                                  series_.day_count()));
  thread_->stop();
  thread_.reset();
  RunSeries::Data& d = *series_.data_;
  file_->write_days(0, d, true);  // the last chunk, compressed on all threads
  d.drop_buffered();
  {
    std::lock_guard lock(hdf5_mutex());
    quiet_hdf5_errors();
    file_->write_yearly(0, d);
  }
  file_->finish();
}

// ---- Several runs per file ---------------------------------------------------------

MultiRunWriter::MultiRunWriter(std::string path, const ResultLayout& layout, const RunMetadata& metadata,
                               std::vector<RunLabel> runs, WriteOptions options)
    : file_(std::make_unique<ResultFile>(std::move(path), layout, &runs, options)), run_count_(runs.size()) {
  file_->create(metadata);
}

MultiRunWriter::~MultiRunWriter() = default;

const std::string& MultiRunWriter::temporary_path() const { return file_->temporary_path(); }
std::vector<char> MultiRunWriter::take_image() { return file_->take_image(); }
std::size_t MultiRunWriter::runs_written() const { return written_; }

void MultiRunWriter::add_run(std::size_t index, const RunSeries& series) {
  quiet_hdf5_errors();  // this may be another thread than the one that made the writer
  if (index != written_)
    throw OutputError(fmt::format("run {} added out of order: runs are written in order, next is run {}", index, written_));
  if (index >= run_count_) throw OutputError(fmt::format("run {} added to a file of {} runs", index, run_count_));
  const RunSeries::Data& d = *series.data_;
  file_->check_run_shape(d);
  if (!series.complete() || d.days_dropped != 0)
    throw OutputError(fmt::format("run {} holds {} of {} days; not saving an incomplete result", index,
                                  d.buffered, d.day_count));
  if (file_->daily_series() && !d.keep_daily)
    throw OutputError(fmt::format("run {} was collected without its daily series, for a file that holds them", index));
  file_->write_days(index, d);
  file_->write_yearly(index, d);
  ++written_;
}

void MultiRunWriter::skip_run(std::size_t index) {
  if (index != written_)
    throw OutputError(fmt::format("run {} skipped out of order: runs are written in order, next is run {}", index, written_));
  if (index >= run_count_) throw OutputError(fmt::format("run {} skipped in a file of {} runs", index, run_count_));
  ++written_;
}

void MultiRunWriter::add_root_attribute(const std::string& name, const std::string& value) {
  file_->set_root_attribute(name, [&](hid_t f) { write_string_attribute(f, name, value); });
}
void MultiRunWriter::add_root_attribute(const std::string& name, std::int64_t value) {
  file_->set_root_attribute(name, [&](hid_t f) { write_i64_attribute(f, name, value); });
}
void MultiRunWriter::add_root_attribute(const std::string& name, std::uint64_t value) {
  file_->set_root_attribute(name, [&](hid_t f) { write_u64_attribute(f, name, value); });
}
void MultiRunWriter::add_root_attribute(const std::string& name, double value) {
  file_->set_root_attribute(name, [&](hid_t f) { write_f64_attribute(f, name, value); });
}

void MultiRunWriter::add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                                      const std::vector<double>& values) {
  file_->add_run_variable(name, long_name, units, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, values);
}

void MultiRunWriter::add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                                      const std::vector<std::int64_t>& values) {
  file_->add_run_variable(name, long_name, units, H5T_NATIVE_INT64, H5T_STD_I64LE, values);
}

void MultiRunWriter::add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                                      const std::vector<std::string>& values) {
  file_->add_run_strings(name, long_name, units, values);
}

void MultiRunWriter::add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                                      const std::vector<std::int8_t>& values) {
  file_->add_run_variable(name, long_name, units, H5T_NATIVE_INT8, H5T_STD_I8LE, values);
}

void MultiRunWriter::finish() {
  quiet_hdf5_errors();
  if (written_ != run_count_)
    throw OutputError(fmt::format("{} of {} runs written; not saving an incomplete result", written_, run_count_));
  file_->finish();
}

}  // namespace yucun::output
