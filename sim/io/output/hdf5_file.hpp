// Thin RAII handles and helpers over the HDF5 C API, used only by sim/output.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <hdf5.h>

namespace yucun::output {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Owns one hid_t and closes it with the matching H5*close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, const std::string& what);  // throws OutputError when id < 0
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  void reset();
  // Gives up ownership, for closing by hand where the close status matters.
  hid_t release() {
    const hid_t id = id_;
    id_ = -1;
    return id;
  }

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Silences HDF5's own error printing in the calling thread; errors surface as OutputError.
void quiet_hdf5_errors();
// Throws OutputError with `what` and the innermost HDF5 message when status < 0.
void check(herr_t status, const std::string& what);
std::string last_hdf5_message();

void write_string_attribute(hid_t object, const std::string& name, const std::string& value);
void write_u64_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_i32_attribute(hid_t object, const std::string& name, std::int32_t value);
void write_i64_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_f64_attribute(hid_t object, const std::string& name, double value);
// A numeric attribute as a whole number; nullopt if absent or not numeric.
std::optional<std::int64_t> read_integer_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);  // empty if absent
bool has_attribute(hid_t object, const std::string& name);

// A one-dimensional dataset of strings. Damaged variable-length string
// storage can send HDF5 into an endless loop: after 5 s this prints
// "error: <path>: reading <name> timed out: the file is corrupt" and exits
// the process with status 2.
std::vector<std::string> read_strings(hid_t file, const std::string& name, const std::string& path);

}  // namespace yucun::output
