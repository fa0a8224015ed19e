// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/probe_decode.hpp"

#include <fmt/format.h>

#include "drivers/modbus/value_codec.hpp"

namespace sw::modbus {

namespace {

using nlohmann::json;

constexpr DataType kRegisterTypes[] = {DataType::int16,  DataType::uint16,  DataType::int32,
                                       DataType::uint32, DataType::float32, DataType::int64,
                                       DataType::uint64, DataType::float64};

json decode(std::span<const std::uint16_t> values, DataType type, ByteOrder order, double scale) {
  const auto v = decode_registers(values, type, order);
  return {{"type", config::enum_name(type)},
          {"order", config::enum_name(order)},
          {"value", v ? json(*v) : json(nullptr)},
          {"scaled", v ? json(*v * scale) : json(nullptr)}};
}

}  // namespace

json probe_decode(const ProbeRequest& request, std::span<const std::uint16_t> values) {
  const bool bits = is_bit_table(request.table);
  json rows = json::array();
  for (std::size_t i = 0; i < values.size(); ++i) {
    json row{{"address", request.address + static_cast<int>(i)}, {"value", values[i]}};
    if (!bits) row["hex"] = fmt::format("0x{:04X}", values[i]);
    rows.push_back(std::move(row));
  }
  json decodes = json::array();
  json chosen = nullptr;
  if (!bits) {
    for (const DataType type : kRegisterTypes) {
      if (static_cast<std::size_t>(register_count(type)) > values.size()) continue;
      for (const auto& [order, name] : config::EnumNames<ByteOrder>::values)
        decodes.push_back(decode(values, type, order, request.scale));
    }
    if (request.type && request.order)
      chosen = decode(values, *request.type, *request.order, request.scale);
  }
  return {{"values", std::move(rows)}, {"decodes", std::move(decodes)}, {"chosen", chosen}};
}

}  // namespace sw::modbus
