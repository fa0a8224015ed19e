#include "register_image.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace sw::sim {

int register_count(ValueType type) {
  switch (type) {
    case ValueType::boolean:
    case ValueType::int16:
    case ValueType::uint16:
      return 1;
    case ValueType::int32:
    case ValueType::uint32:
    case ValueType::float32:
      return 2;
    default:
      return 4;
  }
}

namespace {

template <class I>
I clamp_round(double v) {
  const double r = std::round(v);
  if (r <= static_cast<double>(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (r >= static_cast<double>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(r);
}

// The value's bytes, most significant first ("ABCD").
std::vector<std::uint8_t> big_endian_bytes(double raw, ValueType type) {
  std::uint64_t bits = 0;
  int n = 2;
  switch (type) {
    case ValueType::boolean:
      bits = raw != 0 ? 1 : 0;
      break;
    case ValueType::int16:
      bits = static_cast<std::uint16_t>(clamp_round<std::int16_t>(raw));
      break;
    case ValueType::uint16:
      bits = clamp_round<std::uint16_t>(raw);
      break;
    case ValueType::int32:
      bits = static_cast<std::uint32_t>(clamp_round<std::int32_t>(raw));
      n = 4;
      break;
    case ValueType::uint32:
      bits = clamp_round<std::uint32_t>(raw);
      n = 4;
      break;
    case ValueType::float32:
      bits = std::bit_cast<std::uint32_t>(static_cast<float>(raw));
      n = 4;
      break;
    case ValueType::int64:
      bits = static_cast<std::uint64_t>(clamp_round<std::int64_t>(raw));
      n = 8;
      break;
    case ValueType::uint64:
      bits = clamp_round<std::uint64_t>(raw);
      n = 8;
      break;
    case ValueType::float64:
      bits = std::bit_cast<std::uint64_t>(raw);
      n = 8;
      break;
  }
  std::vector<std::uint8_t> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * (n - 1 - i)));
  return out;
}

}  // namespace

std::vector<std::uint16_t> encode_registers(double raw, ValueType type, const std::string& order) {
  const auto bytes = big_endian_bytes(raw, type);
  const std::size_t words = bytes.size() / 2;
  const bool swap_bytes = order == "BADC" || order == "DCBA";
  const bool reverse_words = order == "CDAB" || order == "DCBA";
  std::vector<std::uint16_t> regs(words);
  for (std::size_t i = 0; i < words; ++i) {
    const std::size_t w = reverse_words ? words - 1 - i : i;
    std::uint8_t hi = bytes[2 * w];
    std::uint8_t lo = bytes[2 * w + 1];
    if (swap_bytes) std::swap(hi, lo);
    regs[i] = static_cast<std::uint16_t>((hi << 8) | lo);
  }
  return regs;
}

RegisterImage::RegisterImage(const Scenario& scenario) : scenario_(scenario) {
  for (const auto& unit : scenario.units) {
    // Each table spans exactly the addresses the unit defines.
    int lo[4] = {INT_MAX, INT_MAX, INT_MAX, INT_MAX};
    int hi[4] = {-1, -1, -1, -1};
    for (const auto& r : unit.registers) {
      const int t = static_cast<int>(r.table);
      const int width =
          (r.table == Table::coil || r.table == Table::discrete) ? 1 : register_count(r.type);
      lo[t] = std::min(lo[t], r.address);
      hi[t] = std::max(hi[t], r.address + width);
    }
    auto start = [&](Table t) { return hi[static_cast<int>(t)] < 0 ? 0 : lo[static_cast<int>(t)]; };
    auto size = [&](Table t) {
      const int i = static_cast<int>(t);
      return hi[i] < 0 ? 0 : hi[i] - lo[i];
    };
    modbus_mapping_t* m = modbus_mapping_new_start_address(
        static_cast<unsigned>(start(Table::coil)), static_cast<unsigned>(size(Table::coil)),
        static_cast<unsigned>(start(Table::discrete)), static_cast<unsigned>(size(Table::discrete)),
        static_cast<unsigned>(start(Table::holding)), static_cast<unsigned>(size(Table::holding)),
        static_cast<unsigned>(start(Table::input)), static_cast<unsigned>(size(Table::input)));
    if (m == nullptr) throw std::runtime_error("cannot allocate the register map of a unit");
    mappings_[unit.id] = m;
  }
  update(0);
}

RegisterImage::~RegisterImage() {
  for (auto& [id, m] : mappings_) modbus_mapping_free(m);
}

modbus_mapping_t* RegisterImage::mapping(int unit) const {
  auto it = mappings_.find(unit);
  return it == mappings_.end() ? nullptr : it->second;
}

void RegisterImage::update(double t_s) {
  for (const auto& unit : scenario_.units) {
    modbus_mapping_t* m = mappings_.at(unit.id);
    for (const auto& r : unit.registers) {
      const double value = r.value_at(t_s);
      switch (r.table) {
        case Table::coil:
          m->tab_bits[r.address - m->start_bits] = value != 0 ? 1 : 0;
          break;
        case Table::discrete:
          m->tab_input_bits[r.address - m->start_input_bits] = value != 0 ? 1 : 0;
          break;
        case Table::holding:
        case Table::input: {
          const auto regs = encode_registers((value - r.offset) / r.scale, r.type, r.order);
          std::uint16_t* tab =
              r.table == Table::holding
                  ? m->tab_registers + (r.address - m->start_registers)
                  : m->tab_input_registers + (r.address - m->start_input_registers);
          std::copy(regs.begin(), regs.end(), tab);
          break;
        }
      }
    }
  }
}

}  // namespace sw::sim
