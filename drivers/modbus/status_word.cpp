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
    const std::pair<const std::vector<int>*, Quality> states[] = {
        {&field.device_fault, Quality::device_fault},
        {&field.warming_up, Quality::warming_up},
        {&field.calibrating, Quality::calibrating},
        {&field.out_of_range, Quality::out_of_range},
    };
    for (const auto& [values, quality] : states) {
      if (std::find(values->begin(), values->end(), value) == values->end()) continue;
      return {quality, fmt::format("status register {} {} = 0x{:04X}: field 0x{:04X} is {} ({})",
                                   to_string(spec.where.table), spec.where.address, word,
                                   field.mask, value, to_string(quality))};
    }
  }
  return {};
}

}  // namespace sw::modbus
