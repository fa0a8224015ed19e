// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/status_word.hpp"

#include <algorithm>
#include <bit>

#include <fmt/format.h>

namespace sw::modbus {

int field_value(std::uint16_t word, std::uint16_t mask) {
  if (mask == 0) return 0;
  return (word & mask) >> std::countr_zero(mask);
}

int field_max(std::uint16_t mask) {
  return field_value(mask, mask);
}

StatusVerdict evaluate_status(const StatusSpec& spec, std::uint16_t word) {
  for (const auto& field : spec.fields) {
    const int value = field_value(word, field.mask);
    struct State {
      const std::vector<int>* values;
      Quality quality;
      RangeSide side;
    };
    const State states[] = {
        {&field.device_fault, Quality::device_fault, RangeSide::none},
        {&field.warming_up, Quality::warming_up, RangeSide::none},
        {&field.calibrating, Quality::calibrating, RangeSide::none},
        {&field.out_of_range, Quality::out_of_range, RangeSide::none},
        {&field.over_range_high, Quality::out_of_range, RangeSide::high},
        {&field.over_range_low, Quality::out_of_range, RangeSide::low},
    };
    for (const auto& [values, quality, side] : states) {
      if (std::find(values->begin(), values->end(), value) == values->end()) continue;
      return {quality,
              fmt::format("status register {} {} = 0x{:04X}: field 0x{:04X} is {} ({})",
                          to_string(spec.where.table), spec.where.address, word, field.mask, value,
                          to_string(quality)),
              side};
    }
  }
  return {};
}

}  // namespace sw::modbus
