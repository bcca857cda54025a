#include "sim/io/output/result_info.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include <hdf5_hl.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/core/date.hpp"

namespace yucun::output {

namespace {

struct VariableInfo {
  std::string name;
  std::vector<std::string> dims;
  std::string units;
  std::string long_name;
};

std::vector<hsize_t> dims_of(hid_t dataset) {
  Handle space(H5Dget_space(dataset), H5Sclose, "dataset space");
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(rank > 0 ? static_cast<std::size_t>(rank) : 0);
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

// Names of the dimension scales attached to each dimension ("?" where none).
std::vector<std::string> dim_names(hid_t dataset) {
  std::vector<std::string> names;
  if (H5DSis_scale(dataset) > 0) {
    char name[256] = {0};
    H5DSget_scale_name(dataset, name, sizeof name);
    names.emplace_back(name);
    return names;
  }
  const auto dims = dims_of(dataset);
  for (unsigned i = 0; i < dims.size(); ++i) {
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

}  // namespace

std::string describe_result_file(const std::string& path) {
  quiet_hdf5_errors();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw OutputError(fmt::format("'{}' is not a file", path));
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw OutputError(fmt::format("'{}' is not an HDF5 file (truncated, corrupt or another format)", path));
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, fmt::format("cannot open '{}'", path));
  if (!has_attribute(file, "model_version") || H5Lexists(file, "time", H5P_DEFAULT) <= 0 ||
      H5Lexists(file, "village_name", H5P_DEFAULT) <= 0)
    throw OutputError(fmt::format("'{}' is an HDF5 file but not a yucun result (no model_version, time or village_name)", path));

  std::string out = fmt::format("file:     {}\n", path);
  out += fmt::format("scenario: {}\n", read_string_attribute(file, "scenario_name"));
  out += fmt::format("model:    {}\n", read_string_attribute(file, "source"));
  for (const char* key : {"seed", "run", "replicates"}) {
    if (!has_attribute(file, key)) continue;
    Handle attr(H5Aopen(file, key, H5P_DEFAULT), H5Aclose, key);
    std::uint64_t value = 0;
    check(H5Aread(attr, H5T_NATIVE_UINT64, &value), key);
    out += fmt::format("{:<9} {}\n", std::string(key) + ":", value);
  }

  Handle time(H5Dopen2(file, "time", H5P_DEFAULT), H5Dclose, "open time");
  const auto time_dims = dims_of(time);
  const std::string units = read_string_attribute(time, "units");
  std::string span;
  if (auto start = units.rfind(' '); start != std::string::npos && !time_dims.empty() && time_dims[0] > 0)
    if (auto first = Date::parse(units.substr(start + 1)))
      span = fmt::format(", {} to {}", first->to_string(), (*first + static_cast<int>(time_dims[0] - 1)).to_string());
  out += fmt::format("time:     {} days ({}){}\n", time_dims.empty() ? 0 : time_dims[0], units, span);

  Handle names_ds(H5Dopen2(file, "village_name", H5P_DEFAULT), H5Dclose, "open village_name");
  const auto village_dims = dims_of(names_ds);
  const std::size_t villages = village_dims.empty() ? 0 : village_dims[0];
  const std::vector<std::string> name_list = read_strings(file, "village_name", path);
  // Large generated worlds: the first names and a count, not thousands of names.
  constexpr std::size_t kNamesShown = 30;
  if (name_list.size() > kNamesShown)
    out += fmt::format("village:  {} ({}, ... and {} more)\n", villages,
                       fmt::join(name_list.begin(), name_list.begin() + kNamesShown, ", "),
                       name_list.size() - kNamesShown);
  else
    out += fmt::format("village:  {} ({})\n", villages, fmt::join(name_list, ", "));
  if (const auto gateway = read_integer_attribute(file, "gateway_village");
      gateway && *gateway >= 0 && static_cast<std::size_t>(*gateway) < name_list.size())
    out += fmt::format("gateway:  {} (tourism gateway, village {})\n", name_list[static_cast<std::size_t>(*gateway)], *gateway);
  for (const char* dim : {"road", "run"}) {
    if (H5Lexists(file, dim, H5P_DEFAULT) <= 0) continue;
    Handle ds(H5Dopen2(file, dim, H5P_DEFAULT), H5Dclose, fmt::format("open {}", dim));
    const auto dims = dims_of(ds);
    out += fmt::format("{:<9} {}\n", std::string(dim) + ":", dims.empty() ? 0 : dims[0]);
  }

  std::vector<VariableInfo> variables;
  H5Literate(
      file, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t group, const char* name, const H5L_info_t*, void* data) -> herr_t {
        H5O_info_t info;
        if (H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET)
          return 0;
        hid_t ds = H5Dopen2(group, name, H5P_DEFAULT);
        if (ds < 0) return 0;
        VariableInfo v{name, dim_names(ds), read_string_attribute(ds, "units"), read_string_attribute(ds, "long_name")};
        H5Dclose(ds);
        static_cast<std::vector<VariableInfo>*>(data)->push_back(std::move(v));
        return 0;
      },
      &variables);

  // Read every number once: a damaged chunk fails its Fletcher-32 checksum
  // or its decompression here rather than in the user's analysis.
  for (const auto& v : variables) {
    Handle ds(H5Dopen2(file, v.name.c_str(), H5P_DEFAULT), H5Dclose, "open " + v.name);
    Handle type(H5Dget_type(ds), H5Tclose, "type of " + v.name);
    const H5T_class_t cls = H5Tget_class(type);
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) continue;
    Handle space(H5Dget_space(ds), H5Sclose, "space of " + v.name);
    const hssize_t points = H5Sget_simple_extent_npoints(space);
    std::vector<double> values(static_cast<std::size_t>(std::max<hssize_t>(points, 0)));
    if (points > 0 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
      throw OutputError(fmt::format("'{}' is corrupt: variable {} cannot be read ({})", path, v.name, last_hdf5_message()));
  }

  out += fmt::format("variables ({}):\n", variables.size());
  for (const auto& v : variables) {
    const std::string dims = fmt::format("[{}]", fmt::join(v.dims, ", "));
    out += fmt::format("  {:<32} {:<16} {:<12} {}\n", v.name, dims, v.units, v.long_name);
  }
  return out;
}

}  // namespace yucun::output
