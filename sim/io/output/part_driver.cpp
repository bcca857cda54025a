#include "sim/io/output/part_driver.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <new>

#include <fmt/format.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/io/output/publish_file.hpp"

namespace yucun::output {

void DiskWriteFailure::rethrow() const {
  if (failed_) throw OutputError(message_.empty() ? "cannot write the temporary file" : message_);
}

void DiskWriteFailure::record(const char* path, unsigned long long at_byte, int error) noexcept {
  if (failed_) return;
  failed_ = true;
  try {
    message_ = fmt::format("cannot write '{}' (at byte {}): {}", path, at_byte, std::strerror(error));
  } catch (...) {  // no exception may cross HDF5's frames: it would leave its lock held
  }
}

namespace {

// What a file access property list carries to the driver's open().
struct PartDriverInfo {
  int fd;
  const char* path;
  DiskWriteFailure* failure;
};

// HDF5 sees the public part; the rest is ours. Plain data: HDF5 hands it
// back as an H5FD_t*.
struct PartDriverFile {
  H5FD_t pub;
  int fd;
  haddr_t eoa;
  haddr_t eof;
  const char* path;
  DiskWriteFailure* failure;
};

constexpr haddr_t kMaxAddress = (haddr_t{1} << (8 * sizeof(off_t) - 1)) - 1;

PartDriverFile* part_of(H5FD_t* file) { return reinterpret_cast<PartDriverFile*>(file); }
const PartDriverFile* part_of(const H5FD_t* file) { return reinterpret_cast<const PartDriverFile*>(file); }

void record_failure(PartDriverFile& f, haddr_t at, int err) noexcept { f.failure->record(f.path, at, err); }

H5FD_t* part_open(const char* /*name*/, unsigned flags, hid_t fapl, haddr_t maxaddr) {
  const auto* info = static_cast<const PartDriverInfo*>(H5Pget_driver_info(fapl));
  if (!info || info->fd < 0 || maxaddr == 0 || (maxaddr != HADDR_UNDEF && maxaddr > kMaxAddress)) return nullptr;
  // The temporary was created empty by its claim; truncate anyway, as
  // H5F_ACC_TRUNC asks (HDF5 may open a file twice while creating it).
  if ((flags & H5F_ACC_TRUNC) && ::ftruncate(info->fd, 0) != 0) return nullptr;
  struct stat st {};
  if (::fstat(info->fd, &st) != 0) return nullptr;
  // Called inside HDF5: no exception may cross its frames (it would leave
  // the library's lock held), so no throwing new.
  auto* f = new (std::nothrow) PartDriverFile{};
  if (!f) return nullptr;
  f->fd = info->fd;
  f->eof = static_cast<haddr_t>(st.st_size);
  f->eoa = 0;
  f->path = info->path;
  f->failure = info->failure;
  return &f->pub;
}

herr_t part_close(H5FD_t* file) {
  delete part_of(file);  // the descriptor belongs to the PartFile
  return 0;
}

int part_compare(const H5FD_t* a, const H5FD_t* b) {
  const int fa = part_of(a)->fd, fb = part_of(b)->fd;
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

// The features of HDF5's core and sec2 drivers that decide where things go
// in the file: the same calls give the same bytes as the core driver did.
herr_t part_query(const H5FD_t*, unsigned long* flags) {
  *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
           H5FD_FEAT_AGGREGATE_SMALLDATA;
  return 0;
}

haddr_t part_get_eoa(const H5FD_t* file, H5FD_mem_t) { return part_of(file)->eoa; }

herr_t part_set_eoa(H5FD_t* file, H5FD_mem_t, haddr_t addr) {
  if (addr > kMaxAddress) return -1;
  part_of(file)->eoa = addr;
  return 0;
}

haddr_t part_get_eof(const H5FD_t* file, H5FD_mem_t) { return part_of(file)->eof; }

herr_t part_get_handle(H5FD_t* file, hid_t, void** handle) {
  *handle = &part_of(file)->fd;
  return 0;
}

herr_t part_read(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buffer) {
  PartDriverFile& f = *part_of(file);
  auto* out = static_cast<unsigned char*>(buffer);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(f.fd, out + done, size - done, static_cast<off_t>(addr + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;  // past the end of what is on disk: zeros, as HDF5 expects
    done += static_cast<std::size_t>(n);
  }
  std::fill(out + done, out + size, static_cast<unsigned char>(0));
  return 0;
}

herr_t part_write(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t addr, size_t size, const void* buffer) {
  PartDriverFile& f = *part_of(file);
  if (addr + size > kMaxAddress) return -1;
  f.eof = std::max(f.eof, addr + size);
  if (f.failure->failed()) return 0;  // dropped: this file is never published
  const auto* in = static_cast<const unsigned char*>(buffer);
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = ::pwrite(f.fd, in + done, size - done, static_cast<off_t>(addr + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      record_failure(f, addr + done, n < 0 ? errno : ENOSPC);
      return 0;
    }
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

herr_t part_truncate(H5FD_t* file, hid_t, hbool_t) {
  PartDriverFile& f = *part_of(file);
  if (f.eoa == f.eof) return 0;
  if (!f.failure->failed() && ::ftruncate(f.fd, static_cast<off_t>(f.eoa)) != 0) record_failure(f, f.eoa, errno);
  f.eof = f.eoa;
  return 0;
}

H5FD_class_t part_driver_class() {
  H5FD_class_t c{};  // what is not set here HDF5 does without (or does itself)
  c.name = "yucun_part";
  c.maxaddr = kMaxAddress;
  c.fc_degree = H5F_CLOSE_WEAK;
  c.fapl_size = sizeof(PartDriverInfo);
  c.open = part_open;
  c.close = part_close;
  c.cmp = part_compare;
  c.query = part_query;
  c.get_eoa = part_get_eoa;
  c.set_eoa = part_set_eoa;
  c.get_eof = part_get_eof;
  c.get_handle = part_get_handle;
  c.read = part_read;
  c.write = part_write;
  c.truncate = part_truncate;
  const H5FD_mem_t map[H5FD_MEM_NTYPES] = H5FD_FLMAP_DICHOTOMY;
  std::copy(std::begin(map), std::end(map), std::begin(c.fl_map));
  return c;
}

// Registered once per life of the HDF5 library (its ids end when it closes).
hid_t part_driver() {
  static const H5FD_class_t driver = part_driver_class();
  static hid_t id = -1;
  if (id < 0 || H5Iis_valid(id) <= 0) id = H5FDregister(&driver);
  return id;
}

}  // namespace

Handle create_on_part(const PartFile& part, hid_t fcpl, DiskWriteFailure& failure) {
  const hid_t driver = part_driver();
  if (driver < 0) throw OutputError(fmt::format("register the file driver: {}", last_hdf5_message()));
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  const PartDriverInfo info{part.fd(), part.path().c_str(), &failure};
  check(H5Pset_driver(fapl, driver, &info), "file driver");
  Handle file(H5Fcreate(part.path().c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose,
              fmt::format("cannot create '{}'", part.path()));
  failure.rethrow();
  return file;
}

}  // namespace yucun::output
