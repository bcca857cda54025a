// The checkpoint file: a fixed header (magic, format, byte order, payload
// size, CRC-32 of the payload), then the payload, a cereal binary archive of
// the description, the series image and the Simulation's state. The CRC is
// checked before anything is decoded, so a damaged or truncated file is
// refused with a message instead of being half read.
#include "sim/io/checkpoint/run_checkpoint.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <type_traits>
#include <vector>

#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>
#include <fmt/format.h>
#include <zlib.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/publish_file.hpp"
#include "sim/io/output/regular_file.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/model/levers_acting.hpp"

namespace yucun {

// Plain records of numbers are written as their bytes (same build, same machine).
#define YUCUN_CHECKPOINT_AS_BYTES(Type)                                          \
  static_assert(std::is_trivially_copyable_v<Type>, #Type " is not plain data"); \
  template <class Archive> void serialize(Archive& ar, Type& x) { ar(cereal::binary_data(&x, sizeof x)); }
YUCUN_CHECKPOINT_AS_BYTES(VillageTeaDay)
YUCUN_CHECKPOINT_AS_BYTES(PickerMarketResult)
YUCUN_CHECKPOINT_AS_BYTES(TeaMarketDay)
YUCUN_CHECKPOINT_AS_BYTES(TeaParams)
YUCUN_CHECKPOINT_AS_BYTES(VillageTourismDay)
YUCUN_CHECKPOINT_AS_BYTES(LodgingResult)
#undef YUCUN_CHECKPOINT_AS_BYTES

template <class Archive> void serialize(Archive& ar, RoadSpec& r) { ar(r.from, r.to, r.km, r.minutes, r.shuttle); }

}  // namespace yucun

namespace yucun::checkpoint {

namespace {

constexpr char kMagic[8] = {'Y', 'U', 'C', 'U', 'N', 'C', 'K', 'P'};
// Raised whenever the payload's layout changes (with the model version, which
// is checked too, it keeps an old file from being misread).
constexpr std::uint32_t kFormat = 1;
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::size_t kHeaderBytes = sizeof kMagic + 2 * sizeof(std::uint32_t) + sizeof(std::uint64_t) + sizeof(std::uint32_t);
// A checkpoint is the state of one run: far below this even for the largest
// world the loader accepts; the limit keeps a damaged name from being read forever.
constexpr std::uint64_t kMaxBytes = std::uint64_t{16} << 30;

template <class Archive> void describe(Archive& ar, CheckpointInfo& i) {
  std::int32_t next = i.next_day.days_since_epoch();
  ar(i.model_version, i.seed, i.run, i.days_done, next, i.spin_up_days, i.day_count, i.scenario_name, i.scenario_yaml,
     i.branch_key, i.has_series);
  i.next_day = Date::from_days(next);
}

std::uint32_t crc_of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t at = 0;
  while (at < bytes.size()) {  // crc32 takes at most 4 GiB at a time
    const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size() - at, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + at), n);
    at += n;
  }
  return static_cast<std::uint32_t>(crc);
}

template <class T> void put(std::string& out, T value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); }
template <class T> T get(std::string_view in, std::size_t at) {
  T value;
  std::memcpy(&value, in.data() + at, sizeof value);
  return value;
}

// The checkpoint's bytes after the header, checked whole.
struct Payload {
  std::string bytes;  // the whole file
  std::string_view body() const { return std::string_view(bytes).substr(kHeaderBytes); }
};

// Checks a checkpoint's header and checksum; `path` names it in messages.
Payload checked_payload(std::string bytes, const std::string& path) {
  Payload p{std::move(bytes)};
  const std::string_view in = p.bytes;
  if (in.size() < kHeaderBytes || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0)
    throw CheckpointError(fmt::format("'{}' is not a yucun checkpoint (written by `yucun run --checkpoint-every`)", path));
  std::size_t at = sizeof kMagic;
  const auto format = get<std::uint32_t>(in, at);
  at += 4;
  if (format != kFormat)
    throw CheckpointError(fmt::format("'{}' is a checkpoint of format {}; this yucun reads format {} only", path, format,
                                      kFormat));
  if (get<std::uint32_t>(in, at) != kByteOrder)
    throw CheckpointError(fmt::format("'{}' was written on a machine of another byte order", path));
  at += 4;
  const auto size = get<std::uint64_t>(in, at);
  at += 8;
  const auto crc = get<std::uint32_t>(in, at);
  if (size != in.size() - kHeaderBytes)
    throw CheckpointError(fmt::format("'{}' is truncated or damaged: {} bytes of state where the header says {}", path,
                                      in.size() - kHeaderBytes, size));
  if (crc_of(p.body()) != crc) throw CheckpointError(fmt::format("'{}' is damaged (its checksum does not match)", path));
  return p;
}

Payload read_payload(const std::string& path) {
  std::string bytes;
  try {
    bytes = output::read_regular_file(path, kMaxBytes, "a yucun run");
  } catch (const std::runtime_error& e) {
    throw CheckpointError(fmt::format("checkpoint: {}", e.what()));
  }
  return checked_payload(std::move(bytes), path);
}

// The key path of line `index` of a YAML text written by scenario::to_yaml
// (two spaces an indent, "- " for list items), e.g. "policies.brand.enabled"
// or "tourism.attractions[2]".
std::string key_path(const std::vector<std::string>& lines, std::size_t index) {
  const auto indent = [](const std::string& l) { return l.find_first_not_of(' '); };
  const auto is_item = [&](const std::string& l) { return l.compare(indent(l), 2, "- ") == 0; };
  const auto key_of = [](std::string_view k) {
    if (k.empty() || k.front() == '{' || k.front() == '[') return std::string();
    return std::string(k.substr(0, k.find(':')));
  };
  // A list item: "[i]", i counted among the items of its list above it.
  const auto item_of = [&](std::size_t i) {
    std::size_t n = 0;
    for (std::size_t j = i; j-- > 0;) {
      const std::size_t at = indent(lines[j]);
      if (at == std::string::npos || at > indent(lines[i])) continue;
      if (at < indent(lines[i]) || !is_item(lines[j])) break;
      ++n;
    }
    return fmt::format("[{}]", n);
  };
  const auto part_of = [&](std::size_t i, bool whole) {
    const std::string_view text = std::string_view(lines[i]).substr(indent(lines[i]));
    if (!is_item(lines[i])) return "." + key_of(text);
    const std::string key = whole ? key_of(text.substr(2)) : std::string();
    return item_of(i) + (key.empty() ? "" : "." + key);
  };
  std::string path = part_of(index, true);
  std::size_t level = indent(lines[index]);
  for (std::size_t i = index; i-- > 0 && level > 0;) {
    const std::size_t at = indent(lines[i]);
    if (at == std::string::npos || at >= level) continue;
    path = part_of(i, false) + path;
    level = at;
  }
  return path.substr(path.front() == '.' ? 1 : 0);
}

// Where two resolved scenarios first differ, for the message.
std::string first_difference(const std::string& a, const std::string& b) {
  const auto split = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  };
  const std::vector<std::string> la = split(a), lb = split(b);
  for (std::size_t i = 0; i < std::max(la.size(), lb.size()); ++i) {
    const std::string* x = i < la.size() ? &la[i] : nullptr;
    const std::string* y = i < lb.size() ? &lb[i] : nullptr;
    if (x && y && *x == *y) continue;
    const std::string where = key_path(x ? la : lb, i);
    const auto value = [](const std::string* l) {
      if (!l) return std::string("(nothing)");
      const auto colon = l->find(": ");
      return colon == std::string::npos ? *l : l->substr(colon + 2);
    };
    std::string vx = value(x), vy = value(y);
    // Long (flow-style) values are shown around their first difference.
    std::size_t common = 0;
    while (common < vx.size() && common < vy.size() && vx[common] == vy[common]) ++common;
    const auto around = [common](const std::string& v) {
      if (v.size() <= 60) return v;
      const std::size_t from = common > 20 ? common - 20 : 0;
      return (from > 0 ? "..." : "") + v.substr(from, 40) + (from + 40 < v.size() ? "..." : "");
    };
    return fmt::format("{} (the checkpoint's scenario has {}, this one {})", where, around(vx), around(vy));
  }
  return "";
}

}  // namespace

std::string branch_key(const Scenario& scenario, Date day) {
  Scenario s = scenario;
  s.name.clear();
  s.description.clear();
  s.policies = levers_acting_before(s.policies, s.calendar.start, day);
  return scenario::to_yaml(s);
}

std::string spin_up_file_name(const Scenario& scenario, RunIdentity identity) {
  const std::string key = branch_key(scenario, scenario.calendar.start);
  const auto* bytes = reinterpret_cast<const Bytef*>(key.data());
  const auto size = static_cast<uInt>(key.size());
  const std::uint64_t digest = (std::uint64_t{static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), bytes, size))} << 32) |
                               static_cast<std::uint32_t>(adler32(adler32(0L, Z_NULL, 0), bytes, size));
  return fmt::format("spin-up-{:016x}-seed{}-run{}.ckpt", digest, identity.seed, identity.run);
}

std::string checkpoint_bytes(const Simulation& sim, const std::string& model_version, const output::RunSeries* series) {
  CheckpointInfo info;
  info.model_version = model_version;
  info.seed = sim.identity().seed;
  info.run = sim.identity().run;
  info.days_done = sim.days_done();
  info.next_day = sim.today();
  info.spin_up_days = sim.spin_up_days();
  info.day_count = sim.day_count();
  info.scenario_name = sim.scenario().name;
  info.scenario_yaml = scenario::to_yaml(sim.scenario());
  info.branch_key = branch_key(sim.scenario(), info.next_day);
  info.has_series = series != nullptr;
  if (series && series->days_appended() != sim.days_done())
    throw output::OutputError(fmt::format("checkpoint: the series hold {} days where the run has done {}",
                                          series->days_appended(), sim.days_done()));
  // The header's room first, filled in once the payload is known: the state
  // is built once in memory, never copied.
  std::ostringstream out;
  out.write(std::string(kHeaderBytes, '\0').data(), kHeaderBytes);
  {
    cereal::BinaryOutputArchive ar(out);
    describe(ar, info);
    if (series) ar(series->serialize());
    ar(sim);
  }
  std::string bytes = std::move(out).str();
  std::string header;
  header.append(kMagic, sizeof kMagic);
  put<std::uint32_t>(header, kFormat);
  put<std::uint32_t>(header, kByteOrder);
  put<std::uint64_t>(header, bytes.size() - kHeaderBytes);
  put<std::uint32_t>(header, crc_of(std::string_view(bytes).substr(kHeaderBytes)));
  bytes.replace(0, kHeaderBytes, header);
  return bytes;
}

void write_checkpoint(const std::string& path, const Simulation& sim, const std::string& model_version,
                      const output::RunSeries* series) {
  const std::string bytes = checkpoint_bytes(sim, model_version, series);
  output::PartFile part(path);
  part.write_all(bytes.data(), bytes.size());
  part.publish(/*overwrite=*/true);  // replaces the run's previous checkpoint, atomically
}

bool looks_like_checkpoint(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof kMagic] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == sizeof magic && std::memcmp(magic, kMagic, sizeof kMagic) == 0;
}

CheckpointInfo read_checkpoint_info(const std::string& path) {
  const Payload p = read_payload(path);
  CheckpointInfo info;
  try {
    std::istringstream in{std::string(p.body())};
    cereal::BinaryInputArchive ar(in);
    describe(ar, info);
  } catch (const std::exception& e) {
    throw CheckpointError(fmt::format("'{}' is damaged: {}", path, e.what()));
  }
  return info;
}

namespace {

Restored restore_payload(const Payload& p, const std::string& path, const Scenario& scenario, RunIdentity identity,
                         const std::string& model_version) {
  Restored r;
  std::istringstream in{std::string(p.body())};
  cereal::BinaryInputArchive ar(in);
  std::string series_image;
  try {
    describe(ar, r.info);
    if (r.info.has_series) ar(series_image);
  } catch (const std::exception& e) {
    throw CheckpointError(fmt::format("'{}' is damaged: {}", path, e.what()));
  }
  const CheckpointInfo& i = r.info;
  if (i.model_version != model_version)
    throw CheckpointError(fmt::format("'{}' was written by yucun {}; this is yucun {} (a checkpoint is read by the "
                                      "version that wrote it)",
                                      path, i.model_version, model_version));
  if (i.seed != identity.seed || i.run != identity.run)
    throw CheckpointError(fmt::format("'{}' is of seed {} run {}; this run is seed {} run {} (give the same --seed and "
                                      "--run, or none)",
                                      path, i.seed, i.run, identity.seed, identity.run));
  // This run's scenario, as far as the checkpoint's day can depend on it.
  const std::string mine = branch_key(scenario, i.next_day), &theirs = i.branch_key;
  if (mine != theirs)
    throw CheckpointError(fmt::format(
        "'{}' cannot start this run: its scenario ('{}') differs from this one ('{}') in more than levers that start on "
        "or after {}: first at {}",
        path, i.scenario_name, scenario.name, i.next_day.to_string(), first_difference(theirs, mine)));
  r.sim = std::make_unique<Simulation>(scenario, identity, Simulation::ForRestore{});
  if (r.sim->spin_up_days() != i.spin_up_days || r.sim->day_count() != i.day_count)
    throw CheckpointError(fmt::format("'{}' is of a run of {} spin-up and {} reported days; this one has {} and {}", path,
                                      i.spin_up_days, i.day_count, r.sim->spin_up_days(), r.sim->day_count()));
  try {
    ar(*r.sim);
    if (i.has_series) r.series = output::RunSeries::deserialize(series_image);
  } catch (const std::exception& e) {
    throw CheckpointError(fmt::format("'{}' is damaged: {}", path, e.what()));
  }
  if (r.sim->days_done() != i.days_done || (r.series && r.series->days_appended() != i.days_done))
    throw CheckpointError(fmt::format("'{}' is damaged: its state is not of day {}", path, i.days_done));
  return r;
}

}  // namespace

Restored restore(const std::string& path, const Scenario& scenario, RunIdentity identity,
                 const std::string& model_version) {
  return restore_payload(read_payload(path), path, scenario, identity, model_version);
}

Restored restore_bytes(std::string bytes, const std::string& name, const Scenario& scenario, RunIdentity identity,
                       const std::string& model_version) {
  return restore_payload(checked_payload(std::move(bytes), name), name, scenario, identity, model_version);
}

}  // namespace yucun::checkpoint
