#include "drivers/modbus/modbus_config.hpp"

#include "drivers/driver_registry.hpp"

namespace sw::modbus {

namespace {

using config::Context;
using config::Options;

bool bits_ok(const std::vector<int>& bits) {
  for (int b : bits)
    if (b < 0 || b > 15) return false;
  return true;
}

const Options<BusSettings>& bus_options() {
  static const auto opts = [] {
    Options<BusSettings> o("bus (modbus)");
    o.add("transport", &BusSettings::transport, "tcp or rtu");
    o.add("host", &BusSettings::host, "tcp: device or gateway address");
    o.add("port", &BusSettings::port, "tcp: port").between(1, 65535);
    o.add("device_path", &BusSettings::device_path, "rtu: serial device, e.g. /dev/ttyS1");
    o.add("baud", &BusSettings::baud, "rtu: baud rate").between(300, 921'600);
    o.add("parity", &BusSettings::parity, "rtu: parity");
    o.add("data_bits", &BusSettings::data_bits, "rtu: data bits").between(5, 8);
    o.add("stop_bits", &BusSettings::stop_bits, "rtu: stop bits").between(1, 2);
    o.add("rs485", &BusSettings::rs485,
          "rtu: switch the port to RS-485 mode (where it supports it)");
    o.add("timeout", &BusSettings::timeout, "answer timeout per request")
        .between(Millis{10}, Millis{60'000});
    o.add("retries", &BusSettings::retries, "extra attempts after a timeout").between(0, 5);
    o.add("pause", &BusSettings::pause, "quiet time between requests")
        .between(Millis{0}, Millis{10'000});
    o.add("reconnect_min", &BusSettings::reconnect_min, "first reconnect delay");
    o.add("reconnect_max", &BusSettings::reconnect_max, "longest reconnect delay");
    o.add("backoff_max", &BusSettings::backoff_max,
          "longest wait before retrying a failing device");
    o.add("max_gap", &BusSettings::max_gap, "registers worth reading through to save a request")
        .between(0, 125);
    o.add("max_registers", &BusSettings::max_registers, "largest register request").between(1, 125);
    o.add("max_bits", &BusSettings::max_bits, "largest coil/discrete request").between(1, 2000);
    return o;
  }();
  return opts;
}

const Options<DeviceSettings>& device_options() {
  static const auto opts = [] {
    Options<DeviceSettings> o("device");
    o.require("name", &DeviceSettings::name, "device name, unique on the bus");
    o.require("unit", &DeviceSettings::unit, "Modbus unit (slave) id").between(0, 247);
    o.add("period", &DeviceSettings::period, "poll period of its points")
        .between(Millis{50}, Millis{3'600'000});
    o.add("decimals_address", &DeviceSettings::decimals_address,
          "holding register holding the number of decimals (points with use_decimals)")
        .check(
            [](const DeviceSettings& d) {
              return *d.decimals_address >= 0 && *d.decimals_address <= 65535;
            },
            "expected an address 0..65535");
    return o;
  }();
  return opts;
}

const Options<StatusSpec>& status_options() {
  static const auto opts = [] {
    Options<StatusSpec> o("status");
    o.add("table", &StatusSpec::table, "table of the status register");
    o.require("address", &StatusSpec::address, "address of the status register").between(0, 65535);
    auto bits = [&o](const char* key, std::vector<int> StatusSpec::*m, const char* what) {
      o.add(key, m, what)
          .check([m](const StatusSpec& s) { return bits_ok(s.*m); }, "bits are numbered 0..15");
    };
    bits("fault_bits", &StatusSpec::fault_bits, "bits that mean the sensor is faulty");
    bits("warming_up_bits", &StatusSpec::warming_up_bits, "bits that mean warming up");
    bits("running_bits", &StatusSpec::running_bits, "bits that must be set once it runs");
    bits("calibrating_bits", &StatusSpec::calibrating_bits, "bits that mean calibration");
    bits("inhibit_bits", &StatusSpec::inhibit_bits, "bits that mean alarms are inhibited");
    bits("over_range_bits", &StatusSpec::over_range_bits, "bits that mean over range");
    return o;
  }();
  return opts;
}

const Options<PointSpec>& point_options() {
  static const auto opts = [] {
    Options<PointSpec> o("point (modbus)");
    o.add("table", &PointSpec::table, "coil (FC1), discrete (FC2), holding (FC3), input (FC4)");
    o.require("address", &PointSpec::address, "0-based address (40001 is holding 0)")
        .between(0, 65535);
    o.add("type", &PointSpec::type, "data type");
    o.add("byte_order", &PointSpec::order, "order of a multi-register value's bytes");
    o.add("bit", &PointSpec::bit, "bit of the register, for type = \"bit\"").between(0, 15);
    o.add("scale", &PointSpec::scale, "value = raw × scale + offset")
        .check([](const PointSpec& p) { return p.scale != 0; }, "must not be 0");
    o.add("offset", &PointSpec::offset, "see scale");
    o.add("use_decimals", &PointSpec::use_decimals,
          "divide by 10^decimals from the device's decimals register");
    o.add("period", &PointSpec::period, "poll this point in its own group at this period")
        .check([](const PointSpec& p) { return *p.period >= Millis{50}; }, "at least 50ms");
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

}  // namespace

ModbusConfig parse_modbus_config(const toml::table& bus, const Context& ctx,
                                 PointRegistrar& registrar) {
  ModbusConfig cfg;
  bus_options().parse(bus, cfg.bus, ctx, bus_child_keys());
  cfg.bus.name = bus.get("name")->value_or(std::string{});
  if (cfg.bus.transport == Transport::rtu && cfg.bus.device_path.empty())
    throw config::ConfigError(ctx.position_of(bus), ctx.key_path("device_path"),
                              "a serial device is required for transport = \"rtu\"");
  if (cfg.bus.reconnect_min > cfg.bus.reconnect_max)
    ctx.fail(*bus.get("reconnect_min"), "reconnect_min", "must not exceed reconnect_max");

  std::set<std::string> point_keys = point_options().keys();
  std::set<std::string> allowed_beside_points = registrar.point_keys();
  std::set<std::string> names;
  std::set<int> units;
  config::for_each_table(bus, "device", ctx, [&](const toml::table& dt, const Context& dctx) {
    DeviceSettings dev;
    device_options().parse(dt, dev, dctx, {"point", "status"});
    if (!names.insert(dev.name).second)
      dctx.fail(*dt.get("name"), "name", "duplicate device name \"" + dev.name + "\" on this bus");
    if (!units.insert(dev.unit).second)
      dctx.fail(*dt.get("unit"), "unit", "two devices with unit " + std::to_string(dev.unit));
    if (const toml::table* st = config::table_at(dt, "status", dctx)) {
      StatusSpec s;
      status_options().parse(*st, s, dctx.child("status"));
      if (is_bit_table(s.table))
        dctx.fail(*st, "status", "the status register must be a holding or input register");
      dev.status = s;
    }
    config::for_each_table(dt, "point", dctx, [&](const toml::table& pt, const Context& pctx) {
      PointSpec p;
      point_options().parse(pt, p, pctx, allowed_beside_points);
      if (p.type == DataType::boolean && !is_bit_table(p.table) && pt.get("table") == nullptr)
        p.table = Table::coil;  // a bool with no table given is a coil
      if ((p.type == DataType::boolean) != is_bit_table(p.table))
        pctx.fail(pt, "type",
                  "coils and discrete inputs are type \"bool\"; registers are not (use \"bit\" for "
                  "a bit of a register)");
      if (p.use_decimals && !dev.decimals_address)
        pctx.fail(*pt.get("use_decimals"), "use_decimals", "the device has no decimals_address");
      const Millis period = p.period.value_or(dev.period);
      PointInfo& info = registrar.add_point(pt, pctx, dev.name, period, point_keys);
      info.is_switch = p.type == DataType::boolean || p.type == DataType::bit;
      p.id = info.id;
      p.device = dev.name;
      cfg.points.push_back(std::move(p));
    });
    cfg.devices.push_back(std::move(dev));
  });
  if (cfg.devices.empty())
    throw config::ConfigError(ctx.position_of(bus), ctx.key_path("device"),
                              "a modbus bus needs at least one [[bus.device]]");
  return cfg;
}

std::vector<std::pair<std::string, std::vector<config::OptionDoc>>> modbus_option_docs() {
  return {{"[[bus]]", bus_options().docs()},
          {"[[bus.device]]", device_options().docs()},
          {"[bus.device.status]", status_options().docs()},
          {"[[bus.device.point]]", point_options().docs()}};
}

}  // namespace sw::modbus
