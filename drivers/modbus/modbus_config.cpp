// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/modbus_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/resolution.hpp"
#include "drivers/driver_registry.hpp"
#include "drivers/modbus/modicon_address.hpp"

namespace sw::modbus {

namespace {

using config::Context;
using config::Options;

// Only for one transport: present with the other one, a key is a mistake, never ignored.
const std::set<std::string> kTcpOnlyKeys{"host", "port"};
const std::set<std::string> kRtuOnlyKeys{"device_path", "baud",      "parity",
                                         "data_bits",   "stop_bits", "rs485"};

const Options<BusSettings>& bus_options() {
  static const auto opts = [] {
    Options<BusSettings> o("bus (modbus)");
    o.add("transport", &BusSettings::transport, "Modbus TCP or Modbus RTU on a serial line");
    o.add("host", &BusSettings::host, "tcp: address or name of the device or gateway (required)");
    o.add("port", &BusSettings::port, "tcp: port").between(1, 65535);
    o.add("device_path", &BusSettings::device_path,
          "rtu: serial device, e.g. /dev/ttyS1 or /dev/serial/by-id/... (required)");
    o.add("baud", &BusSettings::baud, "rtu: baud rate").between(300, 921'600);
    o.add("parity", &BusSettings::parity, "rtu: parity");
    o.add("data_bits", &BusSettings::data_bits, "rtu: data bits").between(7, 8);
    o.add("stop_bits", &BusSettings::stop_bits, "rtu: stop bits").between(1, 2);
    o.add("rs485", &BusSettings::rs485,
          "rtu: ask the serial driver for RS-485 mode (TIOCSRS485); adapters that switch "
          "direction themselves need false");
    o.add("timeout", &BusSettings::timeout, "how long to wait for each answer")
        .between(Millis{10}, Millis{30'000});
    o.add("retries", &BusSettings::retries,
          "extra attempts after a lost or garbled answer, for a device that is online (a device "
          "already silent gets one attempt, so it costs the line one timeout)")
        .between(0, 5);
    o.add("pause_between_requests", &BusSettings::pause_between_requests,
          "quiet time between the end of one request and the next (slow RTU devices)")
        .between(Millis{0}, Millis{10'000});
    o.add("reconnect_min", &BusSettings::reconnect_min,
          "first wait before reopening a broken connection or port")
        .between(Millis{10}, Millis{3'600'000});
    o.add("reconnect_max", &BusSettings::reconnect_max, "longest wait between reopen attempts")
        .between(Millis{10}, Millis{3'600'000});
    o.add("device_backoff_max", &BusSettings::device_backoff_max,
          "a silent device is probed after 1, 2, 4, ... poll periods, at most this far apart")
        .between(Millis{10}, Millis{3'600'000});
    o.add("max_gap", &BusSettings::max_gap,
          "unused registers (or bits) worth reading through to save a request")
        .between(0, 2000);
    o.add("max_registers", &BusSettings::max_registers, "most registers in one request")
        .between(1, 125);
    o.add("max_bits", &BusSettings::max_bits, "most coils or discrete inputs in one request")
        .between(1, 2000);
    return o;
  }();
  return opts;
}

const Options<DeviceSettings>& device_options() {
  static const auto opts = [] {
    Options<DeviceSettings> o("device");
    o.require("name", &DeviceSettings::name, "device name, unique on the bus");
    o.require("unit", &DeviceSettings::unit,
              "Modbus unit (slave) id: rtu 1..247; tcp 0..247 or 255")
        .between(0, 255);
    o.add("period", &DeviceSettings::period, "poll period of its points")
        .between(Millis{50}, Millis{3'600'000});
    o.add("addressing", &DeviceSettings::addressing,
          "how addresses are written: \"zero_based\" wire addresses with a table, or "
          "\"modicon\" reference numbers (40001 = holding 0, 30001 = input 0, 10001 = discrete 0, "
          "1 = coil 0)");
    return o;
  }();
  return opts;
}

// Keys of a register reference (status, decimals): resolved with the device's addressing.
struct RegisterKeys {
  Table table = Table::holding;
  std::int64_t address = 0;
  int mask = 0xFFFF;
};

const Options<RegisterKeys>& status_options() {
  static const auto opts = [] {
    Options<RegisterKeys> o("status");
    o.add("table", &RegisterKeys::table, "table of the status register (holding or input)");
    o.require("address", &RegisterKeys::address, "address of the status register");
    return o;
  }();
  return opts;
}

const Options<RegisterKeys>& decimals_options() {
  static const auto opts = [] {
    Options<RegisterKeys> o("decimals");
    o.add("table", &RegisterKeys::table, "table of the decimals register (holding or input)");
    o.require("address", &RegisterKeys::address, "address of the decimals register");
    o.add("mask", &RegisterKeys::mask, "bits holding the number of decimals (Midas: 0x0007)")
        .between(1, 0xFFFF);
    return o;
  }();
  return opts;
}

struct FieldKeys {
  int mask = 0;
  std::vector<int> device_fault;
  std::vector<int> warming_up;
  std::vector<int> calibrating;
  std::vector<int> out_of_range;
  std::vector<int> over_range_high;
  std::vector<int> over_range_low;
};

const Options<FieldKeys>& field_options() {
  static const auto opts = [] {
    Options<FieldKeys> o("status field");
    o.require("mask", &FieldKeys::mask, "bits of the field, e.g. 0x0030 for bits 4-5")
        .between(1, 0xFFFF);
    o.add("device_fault", &FieldKeys::device_fault, "field values meaning the sensor is faulty");
    o.add("warming_up", &FieldKeys::warming_up, "field values meaning it is warming up");
    o.add("calibrating", &FieldKeys::calibrating,
          "field values meaning calibration, bump test, simulation or alarms inhibited");
    o.add("out_of_range", &FieldKeys::out_of_range,
          "field values meaning out of range, side unknown (a value past the point's `range` "
          "still tells the side)");
    o.add("over_range_high", &FieldKeys::over_range_high,
          "field values meaning over range on the high side: the point reads its range top and "
          "trips every `above` level");
    o.add("over_range_low", &FieldKeys::over_range_low,
          "field values meaning under range: the point reads its range bottom and trips every "
          "`below` level");
    return o;
  }();
  return opts;
}

struct PointKeys {
  Table table = Table::holding;
  std::int64_t address = 0;
  DataType type = DataType::uint16;
  ByteOrder order = ByteOrder::abcd;
  int bit = 0;
  double scale = 1;
  double offset = 0;
  bool use_decimals = false;
  std::optional<Millis> period;
};

const Options<PointKeys>& point_options() {
  static const auto opts = [] {
    Options<PointKeys> o("point (modbus)");
    o.add("table", &PointKeys::table,
          "coil (FC1), discrete (FC2), holding (FC3) or input (FC4); with modicon addressing it "
          "follows from the address");
    o.require("address", &PointKeys::address,
              "0-based wire address (manual's 40001 = holding 0), or a Modicon reference number "
              "when the device has addressing = \"modicon\"");
    o.add("type", &PointKeys::type, "data type; bool for coils and discrete inputs");
    o.add("byte_order", &PointKeys::order,
          "where the bytes of the big-endian value A B C D sit: ABCD big-endian, CDAB "
          "word-swapped (Midas float), BADC byte-swapped, DCBA little-endian");
    o.add("bit", &PointKeys::bit, "for type = \"bit\": bit of the register, 0 = least significant")
        .between(0, 15);
    o.add("scale", &PointKeys::scale, "value = raw / 10^decimals × scale + offset")
        .check([](const PointKeys& p) { return p.scale != 0; }, "must not be 0");
    o.add("offset", &PointKeys::offset, "see scale");
    o.add("use_decimals", &PointKeys::use_decimals,
          "divide by 10^decimals read from the device's [bus.device.decimals] register");
    o.add("period", &PointKeys::period, "poll this point in a group of its own at this period")
        .check(
            [](const PointKeys& p) {
              return *p.period >= Millis{50} && *p.period <= Millis{3'600'000};
            },
            "expected a period in 50ms..1h");
    return o;
  }();
  return opts;
}

const std::set<std::string>& bus_child_keys() {
  static const std::set<std::string> keys = [] {
    std::set<std::string> k = DriverFactory::bus_keys();
    k.insert("device");
    return k;
  }();
  return keys;
}

// The table and wire address a config entry means, under the device's addressing.
TableAddress resolve_address(const toml::table& t, const Context& ctx, Addressing addressing,
                             Table table, std::int64_t address) {
  const toml::node& at = *t.get("address");
  if (addressing == Addressing::zero_based) {
    if (address < 0 || address > 65535)
      ctx.fail(at, "address",
               fmt::format("expected a 0-based address 0..65535, got {} (for manual numbers such "
                           "as 40001 set addressing = \"modicon\" on the device)",
                           address));
    return {table, static_cast<int>(address)};
  }
  const auto resolved = from_modicon(address);
  if (!resolved)
    ctx.fail(at, "address",
             fmt::format("{} is not a Modicon reference number (1-9999 coil, 10001-19999 "
                         "discrete, 30001-39999 input, 40001-49999 holding, or six digits)",
                         address));
  if (const toml::node* tn = t.get("table"); tn != nullptr && resolved->table != table)
    ctx.fail(*tn, "table",
             fmt::format("address {} is a {} reference; drop `table` or make it agree", address,
                         to_string(resolved->table)));
  return *resolved;
}

RegisterRef parse_register_ref(const toml::table& t, const Context& ctx, Addressing addressing,
                               const RegisterKeys& keys) {
  const TableAddress where = resolve_address(t, ctx, addressing, keys.table, keys.address);
  if (is_bit_table(where.table))
    ctx.fail(t.get("table") != nullptr ? *t.get("table") : *t.get("address"), "table",
             "must be a holding or input register");
  return {where.table, where.address};
}

StatusSpec parse_status(const toml::table& st, const Context& ctx, Addressing addressing) {
  RegisterKeys keys;
  status_options().parse(st, keys, ctx, {"field"});
  StatusSpec spec;
  spec.where = parse_register_ref(st, ctx, addressing, keys);
  config::for_each_table(st, "field", ctx, [&](const toml::table& ft, const Context& fctx) {
    FieldKeys fk;
    field_options().parse(ft, fk, fctx);
    StatusField field;
    field.mask = static_cast<std::uint16_t>(fk.mask);
    const int max = field_max(field.mask);
    std::size_t states = 0;
    auto take = [&](const char* key, const std::vector<int>& values, std::vector<int>& into) {
      for (int v : values)
        if (v < 0 || v > max)
          fctx.fail(*ft.get(key), key,
                    fmt::format("value {} does not fit mask 0x{:04X} (0..{})", v, fk.mask, max));
      into = values;
      states += values.size();
    };
    take("device_fault", fk.device_fault, field.device_fault);
    take("warming_up", fk.warming_up, field.warming_up);
    take("calibrating", fk.calibrating, field.calibrating);
    take("out_of_range", fk.out_of_range, field.out_of_range);
    take("over_range_high", fk.over_range_high, field.over_range_high);
    take("over_range_low", fk.over_range_low, field.over_range_low);
    if (states == 0)
      fctx.fail(ft, "field",
                "names no state: give device_fault, warming_up, calibrating, out_of_range, "
                "over_range_high or over_range_low");
    spec.fields.push_back(std::move(field));
  });
  if (spec.fields.empty())
    ctx.fail(st, "field", "a status register needs at least one [[...status.field]]");
  return spec;
}

void check_unit(const toml::table& dt, const Context& dctx, const BusSettings& bus, int unit) {
  const bool ok =
      bus.transport == Transport::rtu ? unit >= 1 && unit <= 247 : unit <= 247 || unit == 255;
  if (!ok)
    dctx.fail(*dt.get("unit"), "unit",
              bus.transport == Transport::rtu
                  ? "expected 1..247 on a serial line (0 is broadcast and never answers)"
                  : "expected 0..247 or 255");
}

PointSpec parse_point(const toml::table& pt, const Context& pctx, const DeviceSettings& dev,
                      const BusSettings& bus, const std::set<std::string>& core_keys) {
  PointKeys k;
  point_options().parse(pt, k, pctx, core_keys);
  PointSpec p;
  const TableAddress where = resolve_address(pt, pctx, dev.addressing, k.table, k.address);
  p.table = where.table;
  p.address = where.address;
  p.type = k.type;
  p.order = k.order;
  p.bit = k.bit;
  p.scale = k.scale;
  p.offset = k.offset;
  p.scale_decimals = std::max(decimals_of(p.scale), decimals_of(p.offset));
  p.use_decimals = k.use_decimals;
  p.period = k.period;
  p.device = dev.name;

  const toml::node& type_at = pt.get("type") != nullptr ? *pt.get("type") : pt;
  if (is_bit_table(p.table) && p.type != DataType::boolean)
    pctx.fail(type_at, "type", "coils and discrete inputs are type \"bool\"");
  if (!is_bit_table(p.table) && p.type == DataType::boolean)
    pctx.fail(type_at, "type",
              "a bool lives in a coil or discrete input: set table = \"coil\" or \"discrete\"; "
              "for one bit of a register use type = \"bit\" with bit = N");
  if (p.type == DataType::bit && pt.get("bit") == nullptr)
    pctx.fail(pt, "bit", "type = \"bit\" needs bit = N (0 = least significant)");
  if (p.type != DataType::bit && pt.get("bit") != nullptr)
    pctx.fail(*pt.get("bit"), "bit", "only for type = \"bit\"");
  if (is_switch_type(p.type))
    for (const char* key : {"scale", "offset", "use_decimals"})
      if (const toml::node* n = pt.get(key))
        pctx.fail(*n, key, "a switch is 0 or 1: scale, offset and decimals do not apply");
  if (p.type == DataType::boolean && pt.get("byte_order") != nullptr)
    pctx.fail(*pt.get("byte_order"), "byte_order", "a coil or discrete input has no byte order");
  if (p.use_decimals && !dev.decimals)
    pctx.fail(*pt.get("use_decimals"), "use_decimals",
              "the device has no [bus.device.decimals] register");
  const int width = field_width(p.table, p.type);
  if (p.address + width > 65536)
    pctx.fail(
        *pt.get("address"), "address",
        fmt::format("a {} at {} runs past the last address 65535", to_string(p.type), p.address));
  if (!is_bit_table(p.table) && width > bus.max_registers)
    pctx.fail(type_at, "type",
              fmt::format("a {} needs {} registers in one request but max_registers = {}",
                          to_string(p.type), width, bus.max_registers));
  return p;
}

void check_transport_keys(const toml::table& bus, const Context& ctx, BusSettings& s) {
  const bool tcp = s.transport == Transport::tcp;
  for (const auto& key : tcp ? kRtuOnlyKeys : kTcpOnlyKeys)
    if (const toml::node* n = bus.get(key))
      ctx.fail(*n, key,
               fmt::format("only for transport = \"{}\" (this bus is \"{}\")", tcp ? "rtu" : "tcp",
                           tcp ? "tcp" : "rtu"));
  if (tcp && s.host.empty())
    ctx.fail(bus, "host", "missing required key for transport = \"tcp\" (device address)");
  if (!tcp && s.device_path.empty())
    ctx.fail(bus, "device_path", "missing required key for transport = \"rtu\" (serial device)");
  if (s.reconnect_min > s.reconnect_max)
    ctx.fail(*bus.get("reconnect_min"), "reconnect_min", "must not exceed reconnect_max");
}

}  // namespace

ModbusConfig parse_modbus_config(const toml::table& bus, const Context& ctx,
                                 PointRegistrar& registrar) {
  ModbusConfig cfg;
  bus_options().parse(bus, cfg.bus, ctx, bus_child_keys());
  if (const toml::node* n = bus.get("name")) cfg.bus.name = n->value_or(std::string{});
  check_transport_keys(bus, ctx, cfg.bus);

  const std::set<std::string> my_point_keys = point_options().keys();
  const std::set<std::string>& core_point_keys = registrar.point_keys();
  std::set<std::string> names;
  std::set<int> units;
  config::for_each_table(bus, "device", ctx, [&](const toml::table& dt, const Context& dctx) {
    DeviceSettings dev;
    device_options().parse(dt, dev, dctx, {"point", "status", "decimals"});
    check_unit(dt, dctx, cfg.bus, dev.unit);
    if (!names.insert(dev.name).second)
      dctx.fail(*dt.get("name"), "name", "duplicate device name \"" + dev.name + "\" on this bus");
    if (!units.insert(dev.unit).second)
      dctx.fail(*dt.get("unit"), "unit",
                fmt::format("unit {} is already used by another device on this bus", dev.unit));
    if (const toml::table* st = config::table_at(dt, "status", dctx))
      dev.status = parse_status(*st, dctx.child("status"), dev.addressing);
    if (const toml::table* dt_dec = config::table_at(dt, "decimals", dctx)) {
      const Context dec_ctx = dctx.child("decimals");
      RegisterKeys keys;
      decimals_options().parse(*dt_dec, keys, dec_ctx);
      dev.decimals = DecimalsSpec{parse_register_ref(*dt_dec, dec_ctx, dev.addressing, keys),
                                  static_cast<std::uint16_t>(keys.mask)};
    }
    std::size_t points = 0;
    config::for_each_table(dt, "point", dctx, [&](const toml::table& pt, const Context& pctx) {
      PointSpec p = parse_point(pt, pctx, dev, cfg.bus, core_point_keys);
      PointInfo& info =
          registrar.add_point(pt, pctx, dev.name, p.period.value_or(dev.period), my_point_keys);
      info.is_switch = is_switch_type(p.type);
      p.decimals = info.decimals.value_or(-1);
      p.id = info.id;
      p.index = info.index;
      cfg.points.push_back(std::move(p));
      ++points;
    });
    if (points == 0)
      dctx.fail(dt, "point", "device \"" + dev.name + "\" has no [[bus.device.point]]");
    cfg.devices.push_back(std::move(dev));
  });
  if (cfg.devices.empty())
    ctx.fail(bus, "device", "a modbus bus needs at least one [[bus.device]]");
  return cfg;
}

std::vector<std::pair<std::string, std::vector<config::OptionDoc>>> modbus_option_docs() {
  return {{"[[bus]] (driver = \"modbus\")", bus_options().docs()},
          {"[[bus.device]]", device_options().docs()},
          {"[bus.device.status]", status_options().docs()},
          {"[[bus.device.status.field]]", field_options().docs()},
          {"[bus.device.decimals]", decimals_options().docs()},
          {"[[bus.device.point]]", point_options().docs()}};
}

}  // namespace sw::modbus
