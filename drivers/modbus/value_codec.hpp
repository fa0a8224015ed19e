// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns registers into numbers. Pure functions: the device's bytes in, the engineering value out.
#include <cstdint>
#include <optional>
#include <span>

#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

// The raw number held in `regs` (register_count(type) registers) in the given order. `bit` selects
// a bit for DataType::bit. Returns nullopt for a float that is NaN or infinite (a device's way of
// saying "no value"), which the driver reports as a fault rather than a number.
std::optional<double> decode_registers(std::span<const std::uint16_t> regs, DataType type,
                                       ByteOrder order, int bit = 0);

// The inverse, for tests and the simulator: `raw` as registers in the given order.
void encode_registers(double raw, DataType type, ByteOrder order, std::span<std::uint16_t> out);

}  // namespace sw::modbus
