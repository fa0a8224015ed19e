// SPDX-License-Identifier: Apache-2.0
#include "scenario.hpp"

#include <fstream>
#include <sstream>

#include "options/options.hpp"

namespace sw::config {
template <>
struct EnumNames<sim::FaultKind> {
  static constexpr std::array<std::pair<sim::FaultKind, std::string_view>, 5> values{{
      {sim::FaultKind::exception, "exception"},
      {sim::FaultKind::silent, "silent"},
      {sim::FaultKind::late, "late"},
      {sim::FaultKind::garbage, "garbage"},
      {sim::FaultKind::disconnect, "disconnect"},
  }};
};
}  // namespace sw::config

namespace sw::sim {

namespace {

using config::Context;
using config::Options;

struct ScenarioHeader {
  std::string name;
  Millis cycle{60'000};
};
struct RegisterKeys {
  Table table = Table::holding;
  int address = 0;
  DataType type = DataType::uint16;
  ByteOrder order = ByteOrder::abcd;
  double scale = 1;
  double offset = 0;
  std::optional<double> value;
};
struct UnitKeys {
  int id = 1;
  std::string name;
  bool strict_addresses = true;
  int max_registers = 125;
  int max_bits = 2000;
};
struct FaultKeys {
  Millis from{0};
  Millis to{0};
  FaultKind kind = FaultKind::silent;
  int exception_code = 4;
  Millis delay{2000};
};

const Options<ScenarioHeader>& header_options() {
  static const auto opts = [] {
    Options<ScenarioHeader> o("scenario");
    o.add("name", &ScenarioHeader::name, "name of the scenario");
    o.add("cycle", &ScenarioHeader::cycle, "length of the timeline; --loop repeats it");
    return o;
  }();
  return opts;
}
const Options<UnitKeys>& unit_options() {
  static const auto opts = [] {
    Options<UnitKeys> o("unit");
    o.require("id", &UnitKeys::id, "Modbus unit (slave) id").between(1, 247);
    o.add("name", &UnitKeys::name, "name of the simulated device");
    o.add("strict_addresses", &UnitKeys::strict_addresses,
          "answer exception 02 for any address the unit does not define (false: read 0 between "
          "defined ones)");
    o.add("max_registers", &UnitKeys::max_registers,
          "most registers it reads in one request; more answers exception 03")
        .between(1, 125);
    o.add("max_bits", &UnitKeys::max_bits,
          "most coils or discrete inputs it reads in one request; more answers exception 03")
        .between(1, 2000);
    return o;
  }();
  return opts;
}
const Options<RegisterKeys>& register_options() {
  static const auto opts = [] {
    Options<RegisterKeys> o("register");
    o.add("table", &RegisterKeys::table, "which Modbus table");
    o.require("address", &RegisterKeys::address, "0-based address").between(0, 65535);
    o.add("type", &RegisterKeys::type, "value type");
    o.add("byte_order", &RegisterKeys::order,
          "where the bytes of the big-endian value A B C D sit, as sitewatchd's byte_order: "
          "ABCD, DCBA, BADC, CDAB");
    o.add("order", &RegisterKeys::order, "the old name of byte_order, still read");
    o.add("scale", &RegisterKeys::scale, "register = (value - offset) / scale")
        .check([](const RegisterKeys& r) { return r.scale != 0; }, "must not be 0");
    o.add("offset", &RegisterKeys::offset, "see scale");
    o.add("value", &RegisterKeys::value, "a constant value (instead of a timeline)");
    return o;
  }();
  return opts;
}
const Options<FaultKeys>& fault_options() {
  static const auto opts = [] {
    Options<FaultKeys> o("fault");
    o.require("from", &FaultKeys::from, "start of the fault in scenario time");
    o.require("to", &FaultKeys::to, "end of the fault in scenario time");
    o.require("kind", &FaultKeys::kind, "what the unit does wrong");
    o.add("exception_code", &FaultKeys::exception_code, "exception code to answer with")
        .between(1, 255);
    o.add("delay", &FaultKeys::delay, "how late a late unit answers");
    return o;
  }();
  return opts;
}

std::vector<TimelinePoint> parse_timeline(const toml::table& reg, const Context& ctx) {
  std::vector<TimelinePoint> out;
  const toml::node* node = reg.get("timeline");
  if (node == nullptr) return out;
  const auto* arr = node->as_array();
  if (arr == nullptr) ctx.fail(*node, "timeline", "expected [[seconds, value], ...]");
  double last = -1;
  for (const auto& e : *arr) {
    const auto* pair = e.as_array();
    if (pair == nullptr || pair->size() != 2)
      ctx.fail(e, "timeline", "expected a pair [seconds, value]");
    TimelinePoint p;
    p.at_s = config::ValueTraits<double>::parse(*pair->get(0), ctx, "timeline");
    p.value = config::ValueTraits<double>::parse(*pair->get(1), ctx, "timeline");
    if (p.at_s < last) ctx.fail(e, "timeline", "times must not decrease");
    last = p.at_s;
    out.push_back(p);
  }
  return out;
}

double seconds(Millis m) {
  return static_cast<double>(m.count()) / 1000.0;
}

}  // namespace

double RegisterSpec::value_at(double t_s) const {
  if (timeline.empty()) return 0;
  if (t_s <= timeline.front().at_s) return timeline.front().value;
  for (std::size_t i = 1; i < timeline.size(); ++i) {
    const auto& a = timeline[i - 1];
    const auto& b = timeline[i];
    if (t_s <= b.at_s) {
      if (b.at_s == a.at_s) return b.value;
      return a.value + (b.value - a.value) * (t_s - a.at_s) / (b.at_s - a.at_s);
    }
  }
  return timeline.back().value;
}

const FaultSpec* UnitSpec::fault_at(double t_s) const {
  for (const auto& f : faults)
    if (t_s >= f.from_s && t_s < f.to_s) return &f;
  return nullptr;
}

const UnitSpec* Scenario::unit(int id) const {
  for (const auto& u : units)
    if (u.id == id) return &u;
  return nullptr;
}

Scenario parse_scenario(const std::string& text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw config::ConfigError(
        {name, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
        "", "TOML syntax: " + std::string(e.description()));
  }
  const Context ctx{name, ""};
  ScenarioHeader header;
  header_options().parse(root, header, ctx, {"unit"});
  Scenario sc;
  sc.name = header.name;
  sc.cycle_s = seconds(header.cycle);
  config::for_each_table(root, "unit", ctx, [&](const toml::table& ut, const Context& uctx) {
    UnitKeys uk;
    unit_options().parse(ut, uk, uctx, {"register", "fault"});
    if (sc.unit(uk.id) != nullptr) uctx.fail(*ut.get("id"), "id", "duplicate unit id");
    UnitSpec unit;
    unit.id = uk.id;
    unit.name = uk.name;
    unit.strict_addresses = uk.strict_addresses;
    unit.max_registers = uk.max_registers;
    unit.max_bits = uk.max_bits;
    config::for_each_table(ut, "register", uctx, [&](const toml::table& rt, const Context& rctx) {
      RegisterKeys rk;
      register_options().parse(rt, rk, rctx, {"timeline"});
      RegisterSpec r;
      r.table = rk.table;
      r.address = rk.address;
      r.type = rk.type;
      r.order = rk.order;
      r.scale = rk.scale;
      r.offset = rk.offset;
      r.timeline = parse_timeline(rt, rctx);
      if (rk.value) {
        if (!r.timeline.empty()) rctx.fail(rt, "value", "give either value or timeline, not both");
        r.timeline.push_back({0, *rk.value});
      }
      if (r.timeline.empty()) rctx.fail(rt, "value", "missing value or timeline");
      if (r.type == DataType::bit)
        rctx.fail(*rt.get("type"), "type",
                  "the simulator serves whole registers: give the status word as a uint16 "
                  "(e.g. value = 0x8000)");
      const bool bit_table = r.table == Table::coil || r.table == Table::discrete;
      if (bit_table != (r.type == DataType::boolean))
        rctx.fail(rt, "type", "coils and discrete inputs are bool; registers are not");
      unit.registers.push_back(std::move(r));
    });
    config::for_each_table(ut, "fault", uctx, [&](const toml::table& ft, const Context& fctx) {
      FaultKeys fk;
      fault_options().parse(ft, fk, fctx);
      if (fk.to <= fk.from) fctx.fail(ft, "to", "must be after from");
      unit.faults.push_back({seconds(fk.from), seconds(fk.to), fk.kind, fk.exception_code,
                             static_cast<int>(fk.delay.count())});
    });
    sc.units.push_back(std::move(unit));
  });
  if (sc.units.empty()) throw config::ConfigError({name, 1, 1}, "unit", "no [[unit]] defined");
  return sc;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ConfigError({path, 0, 0}, "", "cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_scenario(ss.str(), path);
}

}  // namespace sw::sim
