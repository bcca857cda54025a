// RunSeries to bytes and back: an exact image of the buffers, for a sweep's
// checkpoints and MPI messages. Native byte order, checked on reading.
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/run_series_data.hpp"

namespace yucun::output {

namespace {

constexpr std::uint32_t kMagic = 0x31535259;  // "YRS1"
constexpr std::uint32_t kByteOrder = 0x01020304;

class Encoder {
 public:
  template <class T>
  void put(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <class T>
  void put_vector(const std::vector<T>& values) {
    put<std::uint64_t>(values.size());
    out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  template <class T>
  T get() {
    T value{};
    need(sizeof value);
    std::memcpy(&value, in_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  template <class T>
  std::vector<T> get_vector(std::size_t expected) {
    const auto count = get<std::uint64_t>();
    if (count != expected)
      throw OutputError(fmt::format("run series image: a buffer of {} values where {} belong", count, expected));
    need(count * sizeof(T));
    std::vector<T> values(count);
    if (count > 0) std::memcpy(values.data(), in_.data() + at_, count * sizeof(T));
    at_ += count * sizeof(T);
    return values;
  }
  bool at_end() const { return at_ == in_.size(); }

 private:
  void need(std::size_t bytes) const {
    if (bytes > in_.size() - at_) throw OutputError("run series image: truncated");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

// The series layout the image was made with: a build with other series
// cannot read it.
std::uint64_t layout_signature() {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) {
    h ^= v;
    h *= 1099511628211ull;
  };
  mix(kSeriesCount);
  mix(kDeciles);
  for (const SeriesSpec& spec : kSeriesSpecs) {
    mix(static_cast<std::uint64_t>(spec.kind));
    mix(static_cast<std::uint64_t>(spec.scope));
    mix(static_cast<std::uint64_t>(spec.yearly));
    for (char c : spec.name) mix(static_cast<unsigned char>(c));
  }
  return h;
}

}  // namespace

std::string RunSeries::serialize() const {
  const Data& d = *data_;
  Encoder e;
  e.put(kMagic);
  e.put(kByteOrder);
  e.put(layout_signature());
  e.put<std::int32_t>(d.start.days_since_epoch());
  e.put<std::int32_t>(d.day_count);
  e.put<std::uint64_t>(d.villages);
  e.put<std::uint8_t>(d.keep_daily);
  e.put<std::uint8_t>(d.yearly_means_final);
  e.put<std::int32_t>(d.days_dropped);
  e.put<std::int32_t>(d.buffered);
  e.put_vector(d.days_in_year);
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    e.put_vector(d.real[i]);
    e.put_vector(d.integer[i]);
    e.put_vector(d.year_real[i]);
    e.put_vector(d.year_int[i]);
  }
  return e.take();
}

RunSeries RunSeries::deserialize(std::string_view image) {
  Decoder in(image);
  if (in.get<std::uint32_t>() != kMagic) throw OutputError("run series image: not a run series");
  if (in.get<std::uint32_t>() != kByteOrder) throw OutputError("run series image: written on a machine of another byte order");
  if (in.get<std::uint64_t>() != layout_signature())
    throw OutputError("run series image: written by a build with other series (another yucun version)");
  const Date start = Date::from_days(in.get<std::int32_t>());
  const int day_count = in.get<std::int32_t>();
  const auto villages = in.get<std::uint64_t>();
  if (day_count <= 0 || day_count > 100 * 366 * 10 || villages == 0 || villages > 1'000'000)
    throw OutputError(fmt::format("run series image: implausible shape ({} days, {} villages)", day_count, villages));
  const bool keep_daily = in.get<std::uint8_t>() != 0;
  RunSeries series(start, day_count, static_cast<std::size_t>(villages), keep_daily);
  Data& d = *series.data_;
  d.yearly_means_final = in.get<std::uint8_t>() != 0;
  d.days_dropped = in.get<std::int32_t>();
  d.buffered = in.get<std::int32_t>();
  if (d.days_dropped < 0 || d.buffered < 0 || d.days_dropped + d.buffered > d.day_count)
    throw OutputError("run series image: inconsistent day counts");
  d.days_in_year = in.get_vector<int>(static_cast<std::size_t>(d.year_count));
  const std::size_t days = keep_daily ? static_cast<std::size_t>(d.buffered) : 0;
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    const SeriesSpec& spec = kSeriesSpecs[i];
    const std::size_t w = d.width(spec);
    const bool real = spec.kind == ValueKind::real;
    d.real[i] = in.get_vector<double>(real ? days * w : 0);
    d.integer[i] = in.get_vector<std::int64_t>(real ? 0 : days * w);
    d.year_real[i] = in.get_vector<double>(d.year_real[i].size());
    d.year_int[i] = in.get_vector<std::int64_t>(d.year_int[i].size());
  }
  if (!in.at_end()) throw OutputError("run series image: bytes left over");
  return series;
}

}  // namespace yucun::output
