#include "sim/output/result_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <hdf5_hl.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "sim/output/hdf5_file.hpp"
#include "sim/output/run_series_data.hpp"

namespace yucun::output {

namespace fs = std::filesystem;

// Temporary files of earlier writers of the same target that were killed
// (SIGKILL, power loss) before they could clean up: the process that owned
// them is gone, so nothing will ever complete them.
void remove_stale_parts(const fs::path& target) {
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string prefix(1, '.');  // built in steps: GCC 12 warns falsely (-Wrestrict) on "." + string
  prefix += target.filename().string();
  prefix += ".part-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(pid_text);
    if (pid == ::getpid() || (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)) continue;  // owner alive
    fs::remove(entry.path(), ec);
  }
}

void check_output_path(const std::string& path, bool overwrite) {
  if (path.empty()) throw OutputError("the output path is empty");
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) throw OutputError(fmt::format("output '{}' is a directory; give a file name such as run.h5", path));
  if (fs::exists(p, ec) && !overwrite)
    throw OutputError(fmt::format("output '{}' already exists; pass --force to overwrite it", path));
  const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (fs::exists(parent, ec) && !fs::is_directory(parent, ec))
    throw OutputError(fmt::format("cannot write '{}': '{}' is a file, not a folder", path, parent.string()));
  if (!fs::is_directory(parent, ec))
    throw OutputError(fmt::format("cannot write '{}': folder '{}' does not exist", path, parent.string()));
  if (::access(parent.c_str(), W_OK) != 0)
    throw OutputError(fmt::format("cannot write '{}': folder '{}' is not writable", path, parent.string()));
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
  const Date date = d.start + d.days_appended();
  const std::size_t year = static_cast<std::size_t>(date.year() - d.first_year);
  ++d.days_in_year[year];
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    const SeriesSpec& spec = kSeriesSpecs[i];
    const std::size_t width = d.width(spec);
    const bool real = spec.kind == ValueKind::real;
    for (std::size_t v = 0; v < width && d.keep_daily; ++v) {
      if (real) d.real[i].push_back(day.real(spec.id, v));
      else d.integer[i].push_back(day.integer(spec.id, v));
    }
    if (spec.yearly == Yearly::none) continue;
    for (std::size_t v = 0; v < width; ++v) {
      const std::size_t cell = year * width + v;
      switch (spec.yearly) {
        case Yearly::sum:
          if (real) d.year_real[i][cell] += day.real(spec.id, v);
          else d.year_int[i][cell] += day.integer(spec.id, v);
          break;
        case Yearly::mean:
          d.year_real[i][cell] += real ? day.real(spec.id, v) : static_cast<double>(day.integer(spec.id, v));
          break;
        case Yearly::last:
          if (real) d.year_real[i][cell] = day.real(spec.id, v);
          else d.year_int[i][cell] = day.integer(spec.id, v);
          break;
        case Yearly::none:
          break;
      }
    }
  }
  ++d.buffered;
}

// ---- The file ------------------------------------------------------------------

namespace {

// What rows never written hold (MultiRunWriter::skip_run): set explicitly,
// so that they are NaN in real series and the file stays byte-identical.
enum class Fill { none, nan, zero };

Handle dataset_creation(hsize_t rank, const hsize_t* chunk, int deflate_level, Fill fill = Fill::none) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  // No timestamps in objects: the same run gives a byte-identical file.
  check(H5Pset_obj_track_times(dcpl, 0), "disable time tracking");
  if (fill == Fill::nan) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan), "set fill value");
  } else if (fill == Fill::zero) {
    const std::int64_t zero = 0;
    check(H5Pset_fill_value(dcpl, H5T_NATIVE_INT64, &zero), "set fill value");
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

const char* yearly_rule(Yearly y) {
  return y == Yearly::sum ? "sum" : y == Yearly::mean ? "mean" : "value on the last day";
}

}  // namespace

// The HDF5 file being built in memory, its temporary name on disk, and the
// layout of its series: without a leading `run` dimension (one run) or with.
class ResultFile {
 public:
  ResultFile(std::string path, const ResultLayout& layout, const RunMetadata& metadata,
             const std::vector<RunLabel>* runs, const WriteOptions& options);
  ~ResultFile();  // removes the temporary file unless finish() succeeded
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  // Checks that `d` is a run of this file's days and villages.
  void check_run_shape(const RunSeries::Data& d) const;
  // Writes the buffered days of `d` at their place in run `run`'s rows.
  void write_days(std::size_t run, const RunSeries::Data& d);
  void write_yearly(std::size_t run, const RunSeries::Data& d);
  template <class T>
  void add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                        hid_t mem_type, hid_t file_type, const std::vector<T>& values);
  void add_run_strings(const std::string& name, const std::string& long_name, const std::string& units,
                       const std::vector<std::string>& values);
  template <class Write>
  void set_root_attribute(const std::string& name, Write write) {
    if (has_attribute(file_, name)) check(H5Adelete(file_, name.c_str()), "replace attribute " + name);
    write(file_.get());
  }
  void finish();
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
    return spec.scope == Scope::village ? villages_ : spec.scope == Scope::decile ? kDeciles : 1;
  }
  // The shape of a series' dataset with `rows` rows (days or years), with
  // the leading run dimension when the file has one.
  std::vector<hsize_t> shape(const SeriesSpec& spec, std::size_t rows) const;
  // Attaches the dimension scales to a series: [run,] rows, [village|decile].
  void attach(hid_t ds, const SeriesSpec& spec, hid_t row_scale) const;
  void write_block(hid_t ds, const SeriesSpec& spec, std::size_t run, std::size_t first_row, std::size_t rows,
                   const void* values, bool real);

  std::string path_;
  std::string temp_path_;
  bool finished_ = false;
  int temp_fd_ = -1;  // the claimed temporary file, written at the end
  Handle file_;      // in memory until then
  bool with_runs_ = false;
  bool daily_series_ = true;
  std::size_t run_count_ = 1;
  Date start_;
  int day_count_ = 0;
  std::size_t villages_ = 0;
  int first_year_ = 0;
  int year_count_ = 0;
  Handle run_scale_, time_scale_, village_scale_, decile_scale_, year_scale_;
  std::vector<Series> series_;
};

ResultFile::ResultFile(std::string path, const ResultLayout& layout, const RunMetadata& metadata,
                       const std::vector<RunLabel>* runs, const WriteOptions& options)
    : path_(std::move(path)) {
  quiet_hdf5_errors();
  if (layout.day_count <= 0) throw OutputError(fmt::format("a result needs at least one day, not {}", layout.day_count));
  if (runs && runs->empty()) throw OutputError("a multi-run result needs at least one run");
  check_output_path(path_, options.overwrite);
  with_runs_ = runs != nullptr;
  daily_series_ = options.daily_series;
  run_count_ = runs ? runs->size() : 1;
  start_ = layout.start;
  day_count_ = layout.day_count;
  villages_ = layout.villages.size();
  first_year_ = layout.start.year();
  year_count_ = (layout.start + (layout.day_count - 1)).year() - first_year_ + 1;
  const int chunk_days = std::max(1, std::min(options.chunk_days, layout.day_count));

  // Village names to indices, for the roads and the gateway.
  std::map<std::string, std::int32_t> village_index;
  for (std::size_t v = 0; v < layout.villages.size(); ++v)
    village_index.emplace(layout.villages[v].name, static_cast<std::int32_t>(v));
  auto index_of = [&](const std::string& name, const char* what) {
    const auto it = village_index.find(name);
    if (it == village_index.end()) throw OutputError(fmt::format("{} '{}' is not a village of the run", what, name));
    return it->second;
  };
  const std::int32_t gateway = layout.gateway.empty() ? 0 : index_of(layout.gateway, "tourism gateway");
  std::vector<std::int32_t> road_from, road_to;
  std::vector<double> road_km, road_minutes;
  for (const RoadSpec& r : layout.roads) {
    road_from.push_back(index_of(r.from, "road end"));
    road_to.push_back(index_of(r.to, "road end"));
    road_km.push_back(r.km);
    road_minutes.push_back(r.minutes);
  }

  const fs::path target(path_);
  temp_path_ = (target.has_parent_path() ? target.parent_path() / "" : fs::path()).string() + "." +
               target.filename().string() + fmt::format(".part-{}", ::getpid());
  remove_stale_parts(target);
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
  check(H5Pset_obj_track_times(fcpl, 0), "disable time tracking");
  // The temporary file is claimed now (so that an unwritable folder fails
  // before the run) and filled at the end from an in-memory HDF5 image: all
  // disk writes are then plain writes whose errors (disk full, file size
  // limit) we see and report, and HDF5 never holds a half-written file.
  temp_fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (temp_fd_ < 0) throw OutputError(fmt::format("cannot create '{}': {}", temp_path_, std::strerror(errno)));
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  check(H5Pset_fapl_core(fapl, 4u << 20, 0), "in-memory file driver");
  file_ = Handle(H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose,
                 fmt::format("cannot create '{}'", temp_path_));

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

  auto village_variable = [&](Handle ds, std::string_view long_name, std::string_view units) {
    describe(ds, long_name, units);
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
  village_variable(write_strings(file_, "village_name", names), "village name", "1");
  village_variable(write_strings(file_, "village_township", townships), "township of the village", "1");
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
    Handle dcpl =
        dataset_creation(dims.size(), chunk.data(), options.deflate_level,
                         !with_runs_ ? Fill::none : spec.kind == ValueKind::real ? Fill::nan : Fill::zero);
    const hid_t type = spec.kind == ValueKind::real ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    const std::string name(spec.name);
    Handle ds(H5Dcreate2(file_, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
              "create " + name);
    describe(ds, spec.long_name, spec.units);
    attach(ds, spec, time_scale_);
    series_.push_back(Series{&spec, std::move(ds), Handle()});
  }
  for (Series& s : series_) {
    const SeriesSpec& spec = *s.spec;
    if (spec.yearly == Yearly::none) continue;
    const std::vector<hsize_t> dims = shape(spec, static_cast<std::size_t>(year_count_));
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "yearly space");
    const std::string name = std::string(spec.name) + "_yearly";
    // Sums and lasts keep the series' type; means are real.
    const bool real = spec.kind == ValueKind::real || spec.yearly == Yearly::mean;
    Handle dcpl = dataset_creation(dims.size(), nullptr, 0, !with_runs_ ? Fill::none : real ? Fill::nan : Fill::zero);
    s.yearly = Handle(H5Dcreate2(file_, name.c_str(), real ? H5T_IEEE_F64LE : H5T_STD_I64LE, space, H5P_DEFAULT,
                                 dcpl, H5P_DEFAULT),
                      H5Dclose, "create " + name);
    describe(s.yearly, fmt::format("{}: yearly {}", spec.long_name, yearly_rule(spec.yearly)), spec.units);
    write_string_attribute(s.yearly, "cell_methods",
                           spec.yearly == Yearly::sum    ? "year: sum"
                           : spec.yearly == Yearly::mean ? "year: mean"
                                                         : "year: point");
    attach(s.yearly, spec, year_scale_);
  }
}

ResultFile::~ResultFile() {
  if (finished_) return;
  if (temp_fd_ >= 0) ::close(temp_fd_);
  series_.clear();
  run_scale_.reset();
  time_scale_.reset();
  village_scale_.reset();
  decile_scale_.reset();
  year_scale_.reset();
  file_.reset();
  std::error_code ec;
  if (!temp_path_.empty()) fs::remove(temp_path_, ec);
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

void ResultFile::write_days(std::size_t run, const RunSeries::Data& d) {
  if (d.buffered == 0 || !daily_series_) return;
  if (!d.keep_daily) throw OutputError("a run collected without its daily series, for a file that holds them");
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const SeriesSpec& spec = *series_[i].spec;
    const bool real = spec.kind == ValueKind::real;
    write_block(series_[i].daily, spec, run, static_cast<std::size_t>(d.days_dropped),
                static_cast<std::size_t>(d.buffered),
                real ? static_cast<const void*>(d.real[i].data()) : static_cast<const void*>(d.integer[i].data()), real);
  }
}

void ResultFile::write_yearly(std::size_t run, const RunSeries::Data& d) {
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
}

template <class T>
void ResultFile::add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                                  hid_t mem_type, hid_t file_type, const std::vector<T>& values) {
  if (!with_runs_) throw OutputError(fmt::format("{}: a file of one run has no run dimension", name));
  if (values.size() != run_count_)
    throw OutputError(fmt::format("{}: {} values for {} runs", name, values.size(), run_count_));
  if (H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0) throw OutputError(fmt::format("{}: already in the file", name));
  Handle ds = write_vector(file_, name, mem_type, values, file_type);
  describe(ds, long_name, units);
  check(H5DSattach_scale(ds, run_scale_, 0), "attach run scale");
}

void ResultFile::add_run_strings(const std::string& name, const std::string& long_name, const std::string& units,
                                 const std::vector<std::string>& values) {
  if (!with_runs_) throw OutputError(fmt::format("{}: a file of one run has no run dimension", name));
  if (values.size() != run_count_)
    throw OutputError(fmt::format("{}: {} values for {} runs", name, values.size(), run_count_));
  if (H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0) throw OutputError(fmt::format("{}: already in the file", name));
  Handle ds = write_strings(file_, name, values);
  describe(ds, long_name, units);
  check(H5DSattach_scale(ds, run_scale_, 0), "attach run scale");
}

void ResultFile::finish() {
  series_.clear();
  run_scale_.reset();
  time_scale_.reset();
  village_scale_.reset();
  decile_scale_.reset();
  year_scale_.reset();
  check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush file");
  const ssize_t size = H5Fget_file_image(file_, nullptr, 0);
  if (size < 0) throw OutputError(fmt::format("file image: {}", last_hdf5_message()));
  std::vector<char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file_, image.data(), image.size()) != size)
    throw OutputError(fmt::format("file image: {}", last_hdf5_message()));
  check(H5Fclose(file_.release()), "close file");
  for (std::size_t done = 0; done < image.size();) {
    const ssize_t n = ::write(temp_fd_, image.data() + done, image.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw OutputError(fmt::format("cannot write '{}' ({} of {} bytes written): {}", temp_path_, done, image.size(),
                                    n < 0 ? std::strerror(errno) : "no progress"));
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(temp_fd_) != 0) throw OutputError(fmt::format("cannot write '{}': {}", temp_path_, std::strerror(errno)));
  const int fd = temp_fd_;
  temp_fd_ = -1;
  if (::close(fd) != 0) throw OutputError(fmt::format("cannot write '{}': {}", temp_path_, std::strerror(errno)));
  std::error_code ec;
  fs::rename(temp_path_, path_, ec);
  if (ec) throw OutputError(fmt::format("cannot move '{}' to '{}': {}", temp_path_, path_, ec.message()));
  finished_ = true;
}

// ---- One run per file ---------------------------------------------------------

ResultWriter::ResultWriter(std::string path, const ResultLayout& layout, const RunMetadata& metadata,
                           WriteOptions options)
    : file_(std::make_unique<ResultFile>(std::move(path), layout, metadata, nullptr, options)),
      series_(layout.start, layout.day_count, layout.villages.size(), options.daily_series),
      chunk_days_(std::max(1, std::min(options.chunk_days, layout.day_count))) {}

ResultWriter::~ResultWriter() = default;

const std::string& ResultWriter::temporary_path() const { return file_->temporary_path(); }

void ResultWriter::append_day(const DayIndicators& day) {
  series_.append_day(day);
  RunSeries::Data& d = *series_.data_;
  if (d.buffered == chunk_days_) {
    file_->write_days(0, d);
    d.drop_buffered();
  }
}

void ResultWriter::finish() {
  RunSeries::Data& d = *series_.data_;
  file_->write_days(0, d);
  d.drop_buffered();
  if (!series_.complete())
    throw OutputError(fmt::format("run wrote {} of {} days; not saving an incomplete result", series_.days_appended(),
                                  series_.day_count()));
  file_->write_yearly(0, d);
  file_->finish();
}

// ---- Several runs per file ---------------------------------------------------------

MultiRunWriter::MultiRunWriter(std::string path, const ResultLayout& layout, const RunMetadata& metadata,
                               std::vector<RunLabel> runs, WriteOptions options)
    : file_(std::make_unique<ResultFile>(std::move(path), layout, metadata, &runs, options)),
      run_count_(runs.size()) {}

MultiRunWriter::~MultiRunWriter() = default;

const std::string& MultiRunWriter::temporary_path() const { return file_->temporary_path(); }
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
