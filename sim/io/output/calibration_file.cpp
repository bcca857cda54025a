#include "sim/io/output/calibration_file.hpp"
#include "sim/io/output/publish_file.hpp"

#include <filesystem>
#include <limits>
#include <vector>

#include <fmt/format.h>
#include <hdf5.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/part_driver.hpp"
#include "sim/io/output/result_writer.hpp"

namespace yucun::output {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFileKind = "yucun calibration";

Handle creation_properties() {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  // No timestamps: the same calibration gives a byte-identical file.
  check(H5Pset_obj_track_times(dcpl, 0), "disable time tracking");
  return dcpl;
}

void describe(hid_t ds, const std::string& long_name, const std::string& units, const std::string& dims) {
  write_string_attribute(ds, "long_name", long_name);
  write_string_attribute(ds, "units", units);
  write_string_attribute(ds, "dimensions", dims);  // the axes in order, for readers without dimension scales
}

template <class T>
void write_array(hid_t file, const std::string& name, const std::vector<hsize_t>& shape, const std::vector<T>& values,
                 const std::string& long_name, const std::string& units, const std::string& dims) {
  const hid_t type = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  const hid_t file_type = std::is_same_v<T, double> ? H5T_IEEE_F64LE : H5T_STD_I64LE;
  hsize_t count = 1;
  for (hsize_t s : shape) count *= s;
  if (count != values.size())
    throw OutputError(fmt::format("{}: {} values for a shape of {}", name, values.size(), count));
  Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose, "space of " + name);
  Handle dcpl = creation_properties();
  Handle ds(H5Dcreate2(file, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create " + name);
  if (count > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
  describe(ds, long_name, units, dims);
}

void write_strings(hid_t file, const std::string& name, const std::vector<std::string>& values,
                   const std::string& long_name, const std::string& dims) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t size = values.size();
  Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "space of " + name);
  Handle dcpl = creation_properties();
  Handle ds(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create " + name);
  if (!values.empty()) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + name);
  describe(ds, long_name, "1", dims);
}

void write_text(hid_t file, const std::string& name, const std::string& text, const std::string& long_name) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle dcpl = creation_properties();
  Handle ds(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create " + name);
  const char* p = text.c_str();
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "write " + name);
  write_string_attribute(ds, "long_name", long_name);
}

std::string read_text(hid_t file, const std::string& name) {
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  char* p = nullptr;
  check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "read " + name);
  std::string text = p ? p : "";
  Handle space(H5Dget_space(ds), H5Sclose, "space of " + name);
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, &p);
  return text;
}

template <class T>
std::vector<T> read_array(hid_t file, const std::string& name, const std::vector<hsize_t>& shape) {
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  Handle space(H5Dget_space(ds), H5Sclose, "space of " + name);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  if (dims != shape) throw OutputError(fmt::format("{} does not have the calibration's shape: the file is damaged", name));
  hsize_t count = 1;
  for (hsize_t s : shape) count *= s;
  std::vector<T> values(count);
  const hid_t type = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  if (count > 0) check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read " + name);
  return values;
}

}  // namespace

void write_calibration_file(const std::string& path, const CalibrationResults& r, bool overwrite) {
  check_output_path(path, overwrite);
  quiet_hdf5_errors();
  // Claimed (created exclusively, locked) and published without replacing a
  // file that appeared meanwhile unless overwrite (publish_file.hpp).
  PartFile part(path);
  const hsize_t G = r.generations.size(), N = r.particles, K = r.parameter_name.size(), M = r.target_name.size();
  {
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
    check(H5Pset_obj_track_times(fcpl, 0), "disable time tracking");
    // Written into the claimed temporary as it is built (part_driver.hpp:
    // no lock of HDF5's own to clash with the claim's flock; a failed write
    // is reported here, never seen by HDF5).
    DiskWriteFailure disk;
    Handle file = create_on_part(part, fcpl, disk);
    write_string_attribute(file, "title", fmt::format("yucun calibration '{}'", r.name));
    write_string_attribute(file, "file_kind", kFileKind);
    write_string_attribute(file, "source", fmt::format("yucun {}", r.model_version));
    write_string_attribute(file, "model_version", r.model_version);
    write_string_attribute(file, "calibration_name", r.name);
    write_string_attribute(file, "method", "abc_smc");
    write_string_attribute(file, "base", r.base);
    write_string_attribute(file, "targets_file", r.targets_file);
    write_string_attribute(file, "stop_reason", r.stop_reason);
    write_u64_attribute(file, "seed", r.seed);
    write_i64_attribute(file, "replicates", r.replicates);
    write_i32_attribute(file, "year", r.year);
    write_i64_attribute(file, "particles", static_cast<std::int64_t>(r.particles));
    write_i64_attribute(file, "generations", static_cast<std::int64_t>(G));
    write_i64_attribute(file, "runs", static_cast<std::int64_t>(r.runs));
    write_i64_attribute(file, "failed_runs", static_cast<std::int64_t>(r.failed_runs));
    write_text(file, "calibration_yaml", r.calibration_yaml, "the calibration file (YAML)");
    write_text(file, "scenario_yaml", r.base_scenario_yaml, "the resolved base scenario with the fixed values (YAML)");

    write_strings(file, "parameter_name", r.parameter_name, "estimated parameter", "parameter");
    write_strings(file, "parameter_key", r.parameter_key, "scenario key of the parameter", "parameter");
    write_strings(file, "prior_kind", r.prior_kind, "prior: uniform, log_uniform or normal (truncated to lo..hi)", "parameter");
    write_array(file, "prior_lo", {K}, r.prior_lo, "lower bound of the prior", "parameter units", "parameter");
    write_array(file, "prior_hi", {K}, r.prior_hi, "upper bound of the prior", "parameter units", "parameter");
    write_array(file, "prior_mean", {K}, r.prior_mean, "mean of a normal prior (before truncation)", "parameter units", "parameter");
    write_array(file, "prior_sd", {K}, r.prior_sd, "standard deviation of a normal prior", "parameter units", "parameter");

    write_strings(file, "target_name", r.target_name, "fitted target (scenarios/data/targets.yaml)", "target");
    write_strings(file, "target_figure", r.target_figure, "the published figure", "target");
    write_strings(file, "target_source", r.target_source, "where the figure was published", "target");
    write_array(file, "target_centre", {M}, r.target_centre, "the published value (the middle of a range)", "target units", "target");
    write_array(file, "target_scale", {M}, r.target_scale, "half-width of the tolerance: the distance's unit", "target units", "target");
    write_array(file, "target_weight", {M}, r.target_weight, "weight in the distance", "1", "target");
    write_array(file, "target_low", {M}, r.target_low, "lowest value that meets the target", "target units", "target");
    write_array(file, "target_high", {M}, r.target_high, "highest value that meets the target", "target units", "target");

    std::vector<double> epsilon, acceptance, theta, weight, distance, value;
    std::vector<std::int64_t> candidates;
    for (const auto& g : r.generations) {
      epsilon.push_back(g.epsilon);
      acceptance.push_back(g.acceptance_rate);
      candidates.push_back(static_cast<std::int64_t>(g.candidates));
      theta.insert(theta.end(), g.theta.begin(), g.theta.end());
      weight.insert(weight.end(), g.weight.begin(), g.weight.end());
      distance.insert(distance.end(), g.distance.begin(), g.distance.end());
      value.insert(value.end(), g.value.begin(), g.value.end());
    }
    write_array(file, "epsilon", {G}, epsilon, "tolerance of the generation (infinite for the first, from the prior)", "1", "generation");
    write_array(file, "candidates", {G}, candidates, "candidates evaluated to fill the generation", "1", "generation");
    write_array(file, "acceptance_rate", {G}, acceptance, "accepted over evaluated candidates", "1", "generation");
    write_array(file, "theta", {G, N, K}, theta, "parameter values of the particles", "parameter units", "generation, particle, parameter");
    write_array(file, "weight", {G, N}, weight, "importance weight of the particle (sums to 1 per generation)", "1", "generation, particle");
    write_array(file, "distance", {G, N}, distance, "distance of the particle's simulated targets from the published ones", "1", "generation, particle");
    write_array(file, "target_value", {G, N, M}, value, "the targets' simulated values (mean over replicates)", "target units", "generation, particle, target");
    check(H5Fclose(file.release()), "close file");
    disk.rethrow();
  }
  part.publish(overwrite);
}

CalibrationResults read_calibration_file(const std::string& path) {
  quiet_hdf5_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) throw OutputError(fmt::format("'{}' is not an HDF5 file", path));
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, fmt::format("cannot open '{}'", path));
  if (read_string_attribute(file, "file_kind") != kFileKind)
    throw OutputError(fmt::format("'{}' is not a calibration file (written by yucun calibrate)", path));
  CalibrationResults r;
  r.name = read_string_attribute(file, "calibration_name");
  r.model_version = read_string_attribute(file, "model_version");
  r.base = read_string_attribute(file, "base");
  r.targets_file = read_string_attribute(file, "targets_file");
  r.stop_reason = read_string_attribute(file, "stop_reason");
  r.seed = static_cast<std::uint64_t>(read_integer_attribute(file, "seed").value_or(0));
  r.replicates = static_cast<std::uint32_t>(read_integer_attribute(file, "replicates").value_or(1));
  r.year = static_cast<std::int32_t>(read_integer_attribute(file, "year").value_or(0));
  r.particles = static_cast<std::uint64_t>(read_integer_attribute(file, "particles").value_or(0));
  r.runs = static_cast<std::uint64_t>(read_integer_attribute(file, "runs").value_or(0));
  r.failed_runs = static_cast<std::uint64_t>(read_integer_attribute(file, "failed_runs").value_or(0));
  const auto G = static_cast<hsize_t>(read_integer_attribute(file, "generations").value_or(0));
  r.calibration_yaml = read_text(file, "calibration_yaml");
  r.base_scenario_yaml = read_text(file, "scenario_yaml");
  r.parameter_name = read_strings(file, "parameter_name", path);
  r.parameter_key = read_strings(file, "parameter_key", path);
  r.prior_kind = read_strings(file, "prior_kind", path);
  const hsize_t K = r.parameter_name.size();
  r.prior_lo = read_array<double>(file, "prior_lo", {K});
  r.prior_hi = read_array<double>(file, "prior_hi", {K});
  r.prior_mean = read_array<double>(file, "prior_mean", {K});
  r.prior_sd = read_array<double>(file, "prior_sd", {K});
  r.target_name = read_strings(file, "target_name", path);
  r.target_figure = read_strings(file, "target_figure", path);
  r.target_source = read_strings(file, "target_source", path);
  const hsize_t M = r.target_name.size();
  r.target_centre = read_array<double>(file, "target_centre", {M});
  r.target_scale = read_array<double>(file, "target_scale", {M});
  r.target_weight = read_array<double>(file, "target_weight", {M});
  r.target_low = read_array<double>(file, "target_low", {M});
  r.target_high = read_array<double>(file, "target_high", {M});
  const hsize_t N = r.particles;
  const auto epsilon = read_array<double>(file, "epsilon", {G});
  const auto acceptance = read_array<double>(file, "acceptance_rate", {G});
  const auto candidates = read_array<std::int64_t>(file, "candidates", {G});
  const auto theta = read_array<double>(file, "theta", {G, N, K});
  const auto weight = read_array<double>(file, "weight", {G, N});
  const auto distance = read_array<double>(file, "distance", {G, N});
  const auto value = read_array<double>(file, "target_value", {G, N, M});
  // Generation g's block of a row-major [generation][...] array of `width` values a generation.
  const auto block = [](const std::vector<double>& all, hsize_t g, hsize_t width) {
    const auto at = [](hsize_t n) { return static_cast<std::ptrdiff_t>(n); };
    return std::vector<double>(all.begin() + at(g * width), all.begin() + at((g + 1) * width));
  };
  for (hsize_t g = 0; g < G; ++g) {
    CalibrationGeneration gen;
    gen.epsilon = epsilon[g];
    gen.acceptance_rate = acceptance[g];
    gen.candidates = static_cast<std::uint64_t>(candidates[g]);
    gen.theta = block(theta, g, N * K);
    gen.weight = block(weight, g, N);
    gen.distance = block(distance, g, N);
    gen.value = block(value, g, N * M);
    r.generations.push_back(std::move(gen));
  }
  return r;
}

}  // namespace yucun::output
