#include "sim/experiments/run_record.hpp"

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace yucun::sweep {

namespace {

constexpr char kMagic[8] = {'Y', 'U', 'C', 'U', 'N', 'R', 'U', 'N'};
constexpr std::uint32_t kFormat = 1;

std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a, 8 bytes at a time where it can
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * 1099511628211ull;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
  return h;
}

template <class T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <class T>
T get(std::string_view bytes, std::size_t& at) {
  if (sizeof(T) > bytes.size() - at) throw std::runtime_error("run record truncated");
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  at += sizeof value;
  return value;
}

std::string_view get_bytes(std::string_view bytes, std::size_t& at, std::uint64_t n) {
  if (n > bytes.size() - at) throw std::runtime_error("run record truncated");
  const std::string_view out = bytes.substr(at, n);
  at += n;
  return out;
}

}  // namespace

std::string encode_run_record(const std::string& fingerprint, std::uint64_t run, const RunOutcome& outcome) {
  std::string out(kMagic, sizeof kMagic);
  put(out, kFormat);
  put<std::uint64_t>(out, fingerprint.size());
  out += fingerprint;
  put(out, run);
  put(out, static_cast<std::int8_t>(outcome.status));
  put<std::uint64_t>(out, outcome.error.size());
  out += outcome.error;
  const std::string series = outcome.series ? outcome.series->serialize() : std::string();
  put<std::uint64_t>(out, series.size());
  out += series;
  put(out, checksum(out));
  return out;
}

RunRecord decode_run_record(std::string_view bytes, const std::string& fingerprint) {
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw std::runtime_error("not a run record");
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  std::size_t tail = body.size();
  if (get<std::uint64_t>(bytes, tail) != checksum(body)) throw std::runtime_error("run record damaged (checksum)");
  std::size_t at = sizeof kMagic;
  if (get<std::uint32_t>(body, at) != kFormat) throw std::runtime_error("run record of another format");
  const std::string_view print = get_bytes(body, at, get<std::uint64_t>(body, at));
  if (print != fingerprint)
    throw std::runtime_error(fmt::format("run record of another sweep ({}, not {})", print, fingerprint));
  RunRecord record;
  record.run = get<std::uint64_t>(body, at);
  const auto status = get<std::int8_t>(body, at);
  if (status < 0 || status > 2) throw std::runtime_error("run record with an unknown status");
  record.outcome.status = static_cast<RunStatus>(status);
  record.outcome.error = std::string(get_bytes(body, at, get<std::uint64_t>(body, at)));
  const std::string_view series = get_bytes(body, at, get<std::uint64_t>(body, at));
  if (!series.empty()) record.outcome.series = output::RunSeries::deserialize(series);
  if (at != body.size()) throw std::runtime_error("run record with bytes left over");
  if ((record.outcome.status == RunStatus::ok) != record.outcome.series.has_value())
    throw std::runtime_error("run record: status and series disagree");
  return record;
}

}  // namespace yucun::sweep
