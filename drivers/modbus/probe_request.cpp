// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/probe_request.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace sw::modbus {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& what) {
  throw std::invalid_argument(what);
}

int int_arg(const json& args, const char* key, std::optional<int> fallback, long long min,
            long long max) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) {
    if (!fallback) bad(fmt::format("argument \"{}\" is missing", key));
    return *fallback;
  }
  if (!it->is_number_integer()) bad(fmt::format("argument \"{}\": expected a whole number", key));
  const auto v = it->get<long long>();
  if (v < min || v > max)
    bad(fmt::format("argument \"{}\": {} is out of range; allowed {}-{}", key, v, min, max));
  return static_cast<int>(v);
}

template <class E>
std::optional<E> enum_arg(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(fmt::format("argument \"{}\": expected text", key));
  const auto text = it->get<std::string>();
  std::string allowed;
  for (const auto& [value, name] : config::EnumNames<E>::values) {
    if (name == text) return value;
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  }
  bad(fmt::format("argument \"{}\": unknown \"{}\"; allowed: {}", key, text, allowed));
}

int unit_number(std::string_view text, std::string_view whole) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    bad(fmt::format("argument \"units\": \"{}\" is not N or A-B", whole));
  if (v < kFirstUnit || v > kLastUnit)
    bad(
        fmt::format("argument \"units\": unit {} is out of range; allowed {}-{} (0 is broadcast, "
                    "248-255 reserved)",
                    v, kFirstUnit, kLastUnit));
  return v;
}

}  // namespace

ProbeRequest parse_probe_request(const json& args) {
  if (!args.is_object()) bad("arguments: expected an object");
  ProbeRequest r;
  const auto unit = args.find("unit");
  if (unit != args.end() && unit->is_number_integer() &&
      (unit->get<long long>() == 0 || unit->get<long long>() > kLastUnit))
    bad(
        fmt::format("argument \"unit\": {} is not a device's unit; allowed {}-{} (0 is broadcast, "
                    "248-255 reserved)",
                    unit->get<long long>(), kFirstUnit, kLastUnit));
  r.unit = int_arg(args, "unit", std::nullopt, kFirstUnit, kLastUnit);
  r.table = enum_arg<Table>(args, "table").value_or(Table::holding);
  r.address = int_arg(args, "address", std::nullopt, 0, 65535);
  r.count = int_arg(args, "count", 1, 1, kMaxProbeCount);
  if (r.address + r.count > 65536)
    bad(
        fmt::format("arguments \"address\" and \"count\": {} values from {} go past the last "
                    "address, 65535",
                    r.count, r.address));
  r.type = enum_arg<DataType>(args, "type");
  r.order = enum_arg<ByteOrder>(args, "order");
  if (is_bit_table(r.table) && (r.type || r.order))
    bad(fmt::format("arguments \"type\" and \"order\" are for registers; a {} is one bit",
                    to_string(r.table)));
  if (r.type && is_switch_type(*r.type))
    bad(
        fmt::format("argument \"type\": \"{}\" is not decoded side by side; use a register type "
                    "(int16, uint16, int32, uint32, float32, int64, uint64, float64)",
                    config::enum_name(*r.type)));
  if (r.type && register_count(*r.type) > r.count)
    bad(fmt::format("argument \"type\": a {} needs {} registers; \"count\" is {}",
                    config::enum_name(*r.type), register_count(*r.type), r.count));
  if (const auto it = args.find("scale"); it != args.end() && !it->is_null()) {
    if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() == 0)
      bad("argument \"scale\": expected a number other than 0");
    r.scale = it->get<double>();
  }
  for (const auto& [key, value] : args.items())
    if (key != "bus" && key != "unit" && key != "table" && key != "address" && key != "count" &&
        key != "type" && key != "order" && key != "scale")
      bad(
          fmt::format("unknown argument \"{}\"; allowed: bus, unit, table, address, count, type, "
                      "order, scale",
                      key));
  return r;
}

ScanRequest parse_scan_request(const json& args) {
  if (!args.is_object()) bad("arguments: expected an object");
  ScanRequest r;
  if (const auto it = args.find("units"); it != args.end() && !it->is_null()) {
    if (!it->is_string()) bad("argument \"units\": expected text N or A-B, e.g. 1-247");
    const auto text = it->get<std::string>();
    const auto dash = text.find('-');
    if (dash == std::string::npos) {
      r.first = r.last = unit_number(text, text);
    } else {
      r.first = unit_number(std::string_view(text).substr(0, dash), text);
      r.last = unit_number(std::string_view(text).substr(dash + 1), text);
    }
    if (r.first > r.last)
      bad(fmt::format("argument \"units\": \"{}\" runs backwards; write A-B with A <= B", text));
  }
  r.table = enum_arg<Table>(args, "table").value_or(Table::holding);
  r.address = int_arg(args, "address", 0, 0, 65535);
  for (const auto& [key, value] : args.items())
    if (key != "bus" && key != "units" && key != "table" && key != "address")
      bad(fmt::format("unknown argument \"{}\"; allowed: bus, units, table, address", key));
  return r;
}

}  // namespace sw::modbus
