#include "sim/output/result_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include <fmt/format.h>
#include <hdf5_hl.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "sim/output/hdf5_file.hpp"

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

namespace {

struct Variable {
  const SeriesSpec* spec;
  Handle dataset;
};

Handle dataset_creation(hsize_t rank, const hsize_t* chunk, int deflate_level) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  // No timestamps in objects: the same run gives a byte-identical file.
  check(H5Pset_obj_track_times(dcpl, 0), "disable time tracking");
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

template <class T>
Handle write_coordinate(hid_t file, const char* name, hid_t type, const std::vector<T>& values) {
  const hsize_t size = values.size();
  Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "coordinate space");
  Handle dcpl = dataset_creation(1, nullptr, 0);
  Handle ds(H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            fmt::format("create {}", name));
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), fmt::format("write {}", name));
  return ds;
}

Handle write_strings(hid_t file, const char* name, const std::vector<std::string>& values) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t size = values.size();
  Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "string space");
  Handle dcpl = dataset_creation(1, nullptr, 0);
  Handle ds(H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            fmt::format("create {}", name));
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), fmt::format("write {}", name));
  return ds;
}

}  // namespace

struct ResultWriter::State {
  int temp_fd = -1;  // the claimed temporary file, written at the end
  Handle file;       // in memory until then
  Handle time_scale;
  Handle village_scale;
  std::vector<Variable> variables;
  std::size_t villages = 0;
  int day_count = 0;
  int days_written = 0;
  int chunk_days = 366;
  int buffered = 0;
  // Per variable, row-major [buffered day][village].
  std::vector<std::vector<double>> real_buffer;
  std::vector<std::vector<std::int64_t>> int_buffer;
  // Yearly summaries, per variable [year][village]: sums and lasts keep the
  // variable's type (integers stay exact); means are real.
  Date start;
  int first_year = 0;
  int year_count = 0;
  std::vector<int> days_in_year;
  std::vector<std::vector<double>> year_real;
  std::vector<std::vector<std::int64_t>> year_int;

  void flush() {
    if (buffered == 0) return;
    for (std::size_t i = 0; i < variables.size(); ++i) {
      const SeriesSpec& spec = *variables[i].spec;
      const hid_t ds = variables[i].dataset;
      const bool per_village = spec.scope == Scope::village;
      const hsize_t rank = per_village ? 2 : 1;
      const hsize_t start[2] = {static_cast<hsize_t>(days_written), 0};
      const hsize_t count[2] = {static_cast<hsize_t>(buffered), per_village ? villages : 1};
      Handle file_space(H5Dget_space(ds), H5Sclose, "dataset space");
      check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr), "select rows");
      Handle mem_space(H5Screate_simple(static_cast<int>(rank), count, nullptr), H5Sclose, "memory space");
      if (spec.kind == ValueKind::real)
        check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, real_buffer[i].data()),
              fmt::format("write {}", spec.name));
      else
        check(H5Dwrite(ds, H5T_NATIVE_INT64, mem_space, file_space, H5P_DEFAULT, int_buffer[i].data()),
              fmt::format("write {}", spec.name));
      real_buffer[i].clear();
      int_buffer[i].clear();
    }
    days_written += buffered;
    buffered = 0;
  }
};

namespace {
// Yearly summaries on a `year` dimension: <name>_yearly [year] or [year, village].
void write_yearly(ResultWriter::State& s) {
  std::vector<std::int32_t> years;
  for (int y = 0; y < s.year_count; ++y) years.push_back(s.first_year + y);
  Handle year_scale = write_coordinate(s.file, "year", H5T_NATIVE_INT32, years);
  describe(year_scale, "calendar year of the yearly summaries", "1");
  check(H5DSset_scale(year_scale, "year"), "make year a dimension scale");
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    const SeriesSpec& spec = *s.variables[i].spec;
    if (spec.yearly == Yearly::none) continue;
    const bool per_village = spec.scope == Scope::village;
    const std::size_t width = per_village ? s.villages : 1;
    const hsize_t dims[2] = {static_cast<hsize_t>(s.year_count), width};
    Handle space(H5Screate_simple(per_village ? 2 : 1, dims, nullptr), H5Sclose, "yearly space");
    Handle dcpl = dataset_creation(per_village ? 2 : 1, nullptr, 0);
    const std::string name = std::string(spec.name) + "_yearly";
    const bool real = !s.year_real[i].empty();
    if (spec.yearly == Yearly::mean)
      for (std::size_t y = 0; y < static_cast<std::size_t>(s.year_count); ++y)
        for (std::size_t v = 0; v < width; ++v)
          s.year_real[i][y * width + v] /= std::max(1, s.days_in_year[y]);
    Handle ds(H5Dcreate2(s.file, name.c_str(), real ? H5T_IEEE_F64LE : H5T_STD_I64LE, space, H5P_DEFAULT, dcpl,
                         H5P_DEFAULT),
              H5Dclose, "create " + name);
    if (real)
      check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.year_real[i].data()), "write " + name);
    else
      check(H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.year_int[i].data()), "write " + name);
    const char* how = spec.yearly == Yearly::sum ? "sum" : spec.yearly == Yearly::mean ? "mean" : "value on the last day";
    describe(ds, fmt::format("{}: yearly {}", spec.long_name, how), spec.units);
    write_string_attribute(ds, "cell_methods", spec.yearly == Yearly::sum ? "year: sum" : spec.yearly == Yearly::mean ? "year: mean" : "year: point");
    check(H5DSattach_scale(ds, year_scale, 0), "attach year scale");
    if (per_village) check(H5DSattach_scale(ds, s.village_scale, 1), "attach village scale");
  }
}
}  // namespace

ResultWriter::ResultWriter(std::string path, Date start, int day_count, const std::vector<VillageSpec>& villages,
                           const RunMetadata& metadata, WriteOptions options)
    : state_(std::make_unique<State>()), path_(std::move(path)) {
  quiet_hdf5_errors();
  check_output_path(path_, options.overwrite);
  const fs::path target(path_);
  temp_path_ = (target.has_parent_path() ? target.parent_path() / "" : fs::path()).string() + "." +
               target.filename().string() + fmt::format(".part-{}", ::getpid());
  remove_stale_parts(target);

  State& s = *state_;
  s.villages = villages.size();
  s.day_count = day_count;
  s.start = start;
  s.first_year = start.year();
  s.year_count = (start + (day_count - 1)).year() - s.first_year + 1;
  s.days_in_year.assign(static_cast<std::size_t>(s.year_count), 0);
  s.chunk_days = std::max(1, std::min(options.chunk_days, day_count));

  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
  check(H5Pset_obj_track_times(fcpl, 0), "disable time tracking");
  // The temporary file is claimed now (so that an unwritable folder fails
  // before the run) and filled at the end from an in-memory HDF5 image: all
  // disk writes are then plain writes whose errors (disk full, file size
  // limit) we see and report, and HDF5 never holds a half-written file.
  s.temp_fd = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (s.temp_fd < 0) throw OutputError(fmt::format("cannot create '{}': {}", temp_path_, std::strerror(errno)));
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  check(H5Pset_fapl_core(fapl, 4u << 20, 0), "in-memory file driver");
  s.file = Handle(H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose,
                  fmt::format("cannot create '{}'", temp_path_));

  // Root attributes: enough to know what produced the file and to rerun it.
  write_string_attribute(s.file, "title", fmt::format("yucun run of scenario '{}'", metadata.scenario_name));
  write_string_attribute(s.file, "Conventions", "CF-1.8");
  write_string_attribute(s.file, "source", fmt::format("yucun {}", metadata.model_version));
  write_string_attribute(s.file, "model_version", metadata.model_version);
  write_string_attribute(s.file, "scenario_name", metadata.scenario_name);
  write_string_attribute(s.file, "scenario", metadata.scenario_yaml);
  write_u64_attribute(s.file, "seed", metadata.seed);
  write_u64_attribute(s.file, "run", metadata.run);

  // Coordinates, made HDF5 dimension scales so that netCDF readers see the
  // dimensions `time` and `village`.
  std::vector<std::int32_t> days(static_cast<std::size_t>(day_count));
  std::iota(days.begin(), days.end(), 0);
  s.time_scale = write_coordinate(s.file, "time", H5T_NATIVE_INT32, days);
  describe(s.time_scale, "time", fmt::format("days since {}", start.to_string()));
  write_string_attribute(s.time_scale, "calendar", "standard");
  write_string_attribute(s.time_scale, "axis", "T");
  check(H5DSset_scale(s.time_scale, "time"), "make time a dimension scale");

  std::vector<std::int32_t> index(villages.size());
  std::iota(index.begin(), index.end(), 0);
  s.village_scale = write_coordinate(s.file, "village", H5T_NATIVE_INT32, index);
  describe(s.village_scale, "village index (see village_name)", "1");
  check(H5DSset_scale(s.village_scale, "village"), "make village a dimension scale");

  auto village_variable = [&](Handle ds, std::string_view long_name, std::string_view units) {
    describe(ds, long_name, units);
    check(H5DSattach_scale(ds, s.village_scale, 0), "attach village scale");
  };
  std::vector<std::string> names, townships;
  std::vector<double> xs, ys;
  std::vector<std::int64_t> population, households;
  for (const auto& v : villages) {
    names.push_back(v.name);
    townships.push_back(v.township);
    xs.push_back(v.x_km);
    ys.push_back(v.y_km);
    population.push_back(v.population);
    households.push_back(v.households);
  }
  village_variable(write_strings(s.file, "village_name", names), "village name", "1");
  village_variable(write_strings(s.file, "village_township", townships), "township of the village", "1");
  village_variable(write_coordinate(s.file, "village_x", H5T_NATIVE_DOUBLE, xs), "village position east of Yucun (approximate)", "km");
  village_variable(write_coordinate(s.file, "village_y", H5T_NATIVE_DOUBLE, ys), "village position north of Yucun (approximate)", "km");
  village_variable(write_coordinate(s.file, "village_population", H5T_NATIVE_INT64, population),
                   "registered residents of the village (scenario data)", "persons");
  village_variable(write_coordinate(s.file, "village_households", H5T_NATIVE_INT64, households),
                   "households of the village (scenario data)", "1");

  // The daily series: [time] or [time, village], chunked by a year of days.
  for (const SeriesSpec& spec : kSeriesSpecs) {
    const bool per_village = spec.scope == Scope::village;
    const hsize_t rank = per_village ? 2 : 1;
    const hsize_t dims[2] = {static_cast<hsize_t>(day_count), std::max<hsize_t>(villages.size(), 1)};
    const hsize_t chunk[2] = {static_cast<hsize_t>(s.chunk_days), std::max<hsize_t>(villages.size(), 1)};
    Handle space(H5Screate_simple(static_cast<int>(rank), dims, nullptr), H5Sclose, "series space");
    Handle dcpl = dataset_creation(rank, chunk, options.deflate_level);
    const hid_t type = spec.kind == ValueKind::real ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    const std::string name(spec.name);
    Handle ds(H5Dcreate2(s.file, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
              "create " + name);
    describe(ds, spec.long_name, spec.units);
    check(H5DSattach_scale(ds, s.time_scale, 0), "attach time scale");
    if (per_village) check(H5DSattach_scale(ds, s.village_scale, 1), "attach village scale");
    s.variables.push_back(Variable{&spec, std::move(ds)});
  }
  s.real_buffer.resize(s.variables.size());
  s.int_buffer.resize(s.variables.size());
  s.year_real.resize(s.variables.size());
  s.year_int.resize(s.variables.size());
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    const SeriesSpec& spec = *s.variables[i].spec;
    const std::size_t cells = static_cast<std::size_t>(s.year_count) * (spec.scope == Scope::village ? s.villages : 1);
    if (spec.yearly == Yearly::none) continue;
    if (spec.kind == ValueKind::real || spec.yearly == Yearly::mean) s.year_real[i].assign(cells, 0.0);
    else s.year_int[i].assign(cells, 0);
  }
}

ResultWriter::~ResultWriter() {
  if (finished_) return;
  if (state_ && state_->temp_fd >= 0) ::close(state_->temp_fd);
  state_.reset();
  std::error_code ec;
  if (!temp_path_.empty()) fs::remove(temp_path_, ec);
}

void ResultWriter::append_day(const DayIndicators& day) {
  State& s = *state_;
  if (s.days_written + s.buffered >= s.day_count) throw OutputError("more days written than the run has");
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    const SeriesSpec& spec = *s.variables[i].spec;
    const std::size_t width = spec.scope == Scope::village ? s.villages : 1;
    for (std::size_t v = 0; v < width; ++v) {
      if (spec.kind == ValueKind::real)
        s.real_buffer[i].push_back(day.real(spec.id, v));
      else
        s.int_buffer[i].push_back(day.integer(spec.id, v));
    }
  }
  const Date date = s.start + (s.days_written + s.buffered);
  const std::size_t year = static_cast<std::size_t>(date.year() - s.first_year);
  ++s.days_in_year[year];
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    const SeriesSpec& spec = *s.variables[i].spec;
    if (spec.yearly == Yearly::none) continue;
    const std::size_t width = spec.scope == Scope::village ? s.villages : 1;
    for (std::size_t v = 0; v < width; ++v) {
      const std::size_t cell = year * width + v;
      const bool real = spec.kind == ValueKind::real;
      switch (spec.yearly) {
        case Yearly::sum:
          if (real) s.year_real[i][cell] += day.real(spec.id, v);
          else s.year_int[i][cell] += day.integer(spec.id, v);
          break;
        case Yearly::mean:  // summed here, divided by the days when written
          s.year_real[i][cell] += real ? day.real(spec.id, v) : static_cast<double>(day.integer(spec.id, v));
          break;
        case Yearly::last:
          if (real) s.year_real[i][cell] = day.real(spec.id, v);
          else s.year_int[i][cell] = day.integer(spec.id, v);
          break;
        case Yearly::none:
          break;
      }
    }
  }
  if (++s.buffered == s.chunk_days) s.flush();
}

void ResultWriter::finish() {
  State& s = *state_;
  s.flush();
  if (s.days_written != s.day_count)
    throw OutputError(fmt::format("run wrote {} of {} days; not saving an incomplete result", s.days_written, s.day_count));
  write_yearly(s);
  s.variables.clear();
  s.time_scale.reset();
  s.village_scale.reset();
  check(H5Fflush(s.file, H5F_SCOPE_GLOBAL), "flush file");
  const ssize_t size = H5Fget_file_image(s.file, nullptr, 0);
  if (size < 0) throw OutputError(fmt::format("file image: {}", last_hdf5_message()));
  std::vector<char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(s.file, image.data(), image.size()) != size)
    throw OutputError(fmt::format("file image: {}", last_hdf5_message()));
  check(H5Fclose(s.file.release()), "close file");
  for (std::size_t done = 0; done < image.size();) {
    const ssize_t n = ::write(s.temp_fd, image.data() + done, image.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw OutputError(fmt::format("cannot write '{}' ({} of {} bytes written): {}", temp_path_, done, image.size(),
                                    n < 0 ? std::strerror(errno) : "no progress"));
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(s.temp_fd) != 0) throw OutputError(fmt::format("cannot write '{}': {}", temp_path_, std::strerror(errno)));
  const int fd = s.temp_fd;
  s.temp_fd = -1;
  if (::close(fd) != 0) throw OutputError(fmt::format("cannot write '{}': {}", temp_path_, std::strerror(errno)));
  std::error_code ec;
  fs::rename(temp_path_, path_, ec);
  if (ec) throw OutputError(fmt::format("cannot move '{}' to '{}': {}", temp_path_, path_, ec.message()));
  finished_ = true;
}

}  // namespace yucun::output
