// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a probe shows an engineer looking for a point's `type` and `byte_order`: the raw values as
// read, and the value at the first address decoded as every register type in every byte order,
// side by side, through the driver's own decoder (value_codec), so what the probe shows is what
// the point will read.
#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

#include "drivers/modbus/probe_request.hpp"

namespace sw::modbus {

// The report's "values", "decodes" and "chosen" (docs/console.md "probe"):
//   values   [{address, value, hex}] (hex only for registers)
//   decodes  [{type, order, value, scaled}], value null where the registers are no number of that
//            type (a NaN or infinite float) — registers only, each type that fits in `count`
//   chosen   the decode of --type/--order when both were given, else null
nlohmann::json probe_decode(const ProbeRequest& request, std::span<const std::uint16_t> values);

}  // namespace sw::modbus
