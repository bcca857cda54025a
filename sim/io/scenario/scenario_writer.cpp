#include "sim/io/scenario/scenario_writer.hpp"

#include <type_traits>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/io/scenario/scenario_schema.hpp"

namespace yucun::scenario {

namespace {

template <class T>
concept Described = requires(T& t) { fields(t, [](const char*, auto&, auto...) {}); };

struct Emitter {
  YAML::Emitter& out;
  bool flow_items = false;  // short records (roads, holidays) one per line

  void value(double x) const { out << fmt::format("{}", x); }
  void value(std::int64_t x) const { out << x; }
  void value(std::uint64_t x) const { out << x; }
  void value(int x) const { out << x; }
  void value(bool x) const { out << (x ? "true" : "false"); }
  void value(const std::string& x) const { out << YAML::DoubleQuoted << x; }
  void value(const Date& x) const { out << x.to_string(); }
  void value(const MonthDay& x) const { out << YAML::DoubleQuoted << x.to_string(); }
  template <NamedEnum E> void value(E x) const { out << YAML::DoubleQuoted << std::string(name_of(x)); }

  template <class T>
  void operator()(const char* key, T& field, Bounds = {}) const {
    out << YAML::Key << key << YAML::Value;
    if constexpr (Described<T>) {
      out << YAML::BeginMap;
      fields(field, *this);
      out << YAML::EndMap;
    } else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>) {
      using Item = typename T::value_type;
      const bool flow = !std::is_same_v<Item, VillageSpec>;
      if constexpr (!Described<Item>) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (auto& item : field) {
        if constexpr (Described<Item>) {
          if (flow) out << YAML::Flow;
          out << YAML::BeginMap;
          fields(item, *this);
          out << YAML::EndMap;
        } else {
          value(item);
        }
      }
      out << YAML::EndSeq;
    } else {
      value(field);
    }
  }
};

}  // namespace

std::string to_yaml(const Scenario& scenario) {
  Scenario copy = scenario;  // the schema visits mutable structs
  YAML::Emitter out;
  out << YAML::BeginMap;
  fields(copy, Emitter{out});
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace yucun::scenario
