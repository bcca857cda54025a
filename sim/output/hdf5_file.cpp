#include "sim/output/hdf5_file.hpp"

#include <mutex>

#include <fmt/format.h>

namespace yucun::output {

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
  if (id < 0) throw OutputError(fmt::format("{}: {}", what, last_hdf5_message()));
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = -1;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = -1;
}

void quiet_hdf5_errors() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

std::string last_hdf5_message() {
  std::string message;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
        auto* out = static_cast<std::string*>(data);
        if (out->empty() && e->desc) *out = e->desc;
        return 0;
      },
      &message);
  return message.empty() ? "HDF5 error" : message;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw OutputError(fmt::format("{}: {}", what, last_hdf5_message()));
}

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, value.empty() ? 1 : value.size()), "string size");
  check(H5Tset_strpad(type, H5T_STR_NULLTERM), "string padding");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  check(H5Awrite(attr, type, padded.data()), "write attribute " + name);
}

void write_u64_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), H5T_NATIVE_UINT64, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_UINT64, &value), "write attribute " + name);
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

std::string read_string_attribute(hid_t object, const std::string& name) {
  if (!has_attribute(object, name)) return {};
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  if (H5Tget_class(type) != H5T_STRING) return {};
  if (H5Tis_variable_str(type) > 0) {
    char* text = nullptr;
    Handle memtype(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(memtype, H5T_VARIABLE), "string size");
    check(H5Aread(attr, memtype, &text), "read attribute " + name);
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  std::string buffer(size, '\0');
  check(H5Aread(attr, type, buffer.data()), "read attribute " + name);
  if (auto nul = buffer.find('\0'); nul != std::string::npos) buffer.resize(nul);
  return buffer;
}

}  // namespace yucun::output
