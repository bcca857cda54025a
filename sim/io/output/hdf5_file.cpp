#include "sim/io/output/hdf5_file.hpp"


#include <algorithm>
#include <csignal>
#include <cstdlib>

#include <fmt/format.h>
#include <unistd.h>

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
  // Per thread: a thread-safe HDF5 keeps an error stack, and its printing
  // setting, for each thread.
  thread_local bool quiet = false;
  if (!quiet) H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  quiet = true;
}

namespace {
// Whether memory is short now: an allocation of 8 MiB (never touched) fails.
// After an HDF5 failure its error stack often no longer names the cause.
bool memory_is_short() {
  static void* volatile probe = nullptr;  // volatile: the pair is not optimised away
  probe = std::malloc(8u << 20);
  if (!probe) return true;
  std::free(probe);
  probe = nullptr;
  return false;
}
}  // namespace

std::string last_hdf5_message() {
  struct Found {
    std::string message;
    bool out_of_memory = false;
  } found;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
        auto* out = static_cast<Found*>(data);
        // Deeper down, the cause: HDF5 could not allocate memory.
        if (e->maj_num == H5E_RESOURCE && (e->min_num == H5E_NOSPACE || e->min_num == H5E_CANTALLOC))
          out->out_of_memory = true;
        // No exception (std::bad_alloc) may cross HDF5's frames: it would
        // leave the library's global lock held, and the next HDF5 call of
        // another thread (closing the file) would wait for ever.
        try {
          if (out->message.empty() && e->desc) out->message = e->desc;
        } catch (...) {
          out->out_of_memory = true;
        }
        return 0;
      },
      &found);
  std::string message = found.message.empty() ? "HDF5 error" : found.message;
  if (found.out_of_memory || memory_is_short()) message += " (out of memory)";
  return message;
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

void write_i32_attribute(hid_t object, const std::string& name, std::int32_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_INT32, &value), "write attribute " + name);
}

void write_i64_attribute(hid_t object, const std::string& name, std::int64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_INT64, &value), "write attribute " + name);
}

void write_f64_attribute(hid_t object, const std::string& name, double value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "write attribute " + name);
}

std::optional<std::int64_t> read_integer_attribute(hid_t object, const std::string& name) {
  if (!has_attribute(object, name)) return std::nullopt;
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  Handle space(H5Aget_space(attr), H5Sclose, "attribute space");
  if (H5Tget_class(type) != H5T_INTEGER || H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  std::int64_t value = 0;
  if (H5Aread(attr, H5T_NATIVE_INT64, &value) < 0) return std::nullopt;
  return value;
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

std::string read_string_attribute(hid_t object, const std::string& name) {
  if (!has_attribute(object, name)) return {};
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  Handle space(H5Aget_space(attr), H5Sclose, "attribute space");
  // One string, or nothing: an array of strings read into one would overrun it.
  if (H5Tget_class(type) != H5T_STRING || H5Sget_simple_extent_npoints(space) != 1) return {};
  if (H5Tis_variable_str(type) > 0) {
    char* text = nullptr;
    Handle memtype(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(memtype, H5T_VARIABLE), "string size");
    check(H5Tset_cset(memtype, H5Tget_cset(type)), "string charset");  // as written (h5py writes UTF-8)
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

std::vector<std::string> read_strings(hid_t file, const std::string& name, const std::string& path) {
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  Handle space(H5Dget_space(ds), H5Sclose, "space of " + name);
  if (H5Sget_simple_extent_ndims(space) != 1) throw OutputError(fmt::format("{} is not a list of strings", name));
  hsize_t count = 0;
  H5Sget_simple_extent_dims(space, &count, nullptr);
  Handle type(H5Dget_type(ds), H5Tclose, "type of " + name);
  if (H5Tget_class(type) != H5T_STRING) throw OutputError(fmt::format("{} does not hold strings", name));
  std::vector<char*> values(count, nullptr);
  Handle str_type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(str_type, H5T_VARIABLE), "string size");
  check(H5Tset_cset(str_type, H5T_CSET_UTF8), "string charset");
  const std::string what = name == "village_name" ? "village names" : name;
  if (count > 0) {
    struct Watchdog {
      Watchdog(const std::string& file, const std::string& what) {
        // Formatted now: the handler may only write and exit.
        const std::string text = fmt::format("error: {}: reading {} timed out: the file is corrupt\n", file, what);
        message_length() = std::min<std::size_t>(text.size(), 1024);
        std::copy_n(text.data(), message_length(), message());
        std::signal(SIGALRM, [](int) {
          (void)!::write(2, message(), message_length());
          ::_exit(2);
        });
        ::alarm(5);
      }
      ~Watchdog() { ::alarm(0); }
      static char* message() {
        static char buffer[1024];
        return buffer;
      }
      static std::size_t& message_length() {
        static std::size_t length = 0;
        return length;
      }
    } watchdog(path, what);
    check(H5Dread(ds, str_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read " + what);
  }
  std::vector<std::string> out;
  for (char* v : values) {
    out.emplace_back(v ? v : "");
    H5free_memory(v);
  }
  return out;
}

}  // namespace yucun::output
