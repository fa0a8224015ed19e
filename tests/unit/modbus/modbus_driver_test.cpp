// SPDX-License-Identifier: Apache-2.0
// The driver's logic over a scripted link: what every failure turns into, the per-device circuit
// breaker, the exception split, retries, poll groups, status and counters. The same behaviour
// against a real libmodbus server is in tests/integration/modbus.
#include <catch2/catch.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "drivers/modbus/modbus_driver.hpp"
#include "modbus_test_config.hpp"
#include "scripted_transport.hpp"

using namespace sw;
using namespace sw::modbus;
using namespace std::chrono_literals;
using sw::modbus::test::exception_result;
using sw::modbus::test::ScriptedLink;
using sw::modbus::test::ScriptedTransport;
using sw::modbus::test::timeout_result;

namespace {

const std::string kTwoDevices = R"([[bus]]
name = "line"
driver = "modbus"
host = "test"
  [[bus.device]]
  name = "a"
  unit = 1
    [[bus.device.point]]
    id = "a.p0"
    address = 0
    [[bus.device.point]]
    id = "a.p1"
    address = 1
    [[bus.device.point]]
    id = "a.p10"
    address = 10
  [[bus.device]]
  name = "b"
  unit = 2
    [[bus.device.point]]
    id = "b.p0"
    address = 0
)";

// Inserts `lines` into the bus table (after its header lines).
std::string with_bus_keys(const std::string& lines) {
  std::string text = kTwoDevices;
  text.insert(text.find("  [[bus.device]]"), lines);
  return text;
}

// The driver of the test running now: samples carry indices, the tests name points by id.
const ModbusDriver* g_driver = nullptr;

struct Harness {
  std::shared_ptr<ScriptedLink> link = std::make_shared<ScriptedLink>();
  std::unique_ptr<ModbusDriver> driver;
  SteadyTime now;

  explicit Harness(const std::string& text) {
    static const bool quiet = [] {
      spdlog::set_level(spdlog::level::err);
      return true;
    }();
    (void)quiet;
    driver = std::make_unique<ModbusDriver>(modbus::test::parse_bus(text),
                                            std::make_unique<ScriptedTransport>(link));
    g_driver = driver.get();
    now = driver->next_due();
  }
  // One poll at `now`, then the clock moves on by `step`.
  std::vector<Sample> cycle(Millis step = 1000ms) {
    std::vector<Sample> out;
    driver->poll(now, out);
    now += step;
    return out;
  }
};

const Sample& sample_of(const std::vector<Sample>& samples, const std::string& id) {
  auto it = std::find_if(samples.begin(), samples.end(),
                         [&](const Sample& s) { return g_driver->point_id(s.point) == id; });
  REQUIRE(it != samples.end());
  return *it;
}

}  // namespace

TEST_CASE("each point gets one good sample per cycle with its decoded value") {
  Harness h(kTwoDevices);
  const auto samples = h.cycle();
  REQUIRE(samples.size() == 4);
  CHECK(sample_of(samples, "a.p0").value == 1000);
  CHECK(sample_of(samples, "a.p1").value == 1001);
  CHECK(sample_of(samples, "a.p10").value == 1010);
  CHECK(sample_of(samples, "b.p0").value == 2000);
  for (const auto& s : samples) CHECK(s.quality == Quality::good);
  // 0, 1 and 10 are read together (gap 8 <= max_gap 16): one request per device.
  CHECK(h.link->reads.size() == 2);
  CHECK(h.driver->planned_requests() == 2);
}

TEST_CASE("a device that does not answer gives comm_loss with the reason, never a value") {
  Harness h(kTwoDevices);
  h.link->answer = [](const ReadCommand&, std::span<std::uint16_t> out) {
    std::fill(out.begin(), out.end(), 1234);  // whatever is in the buffer must not leak out
    return timeout_result();
  };
  const auto samples = h.cycle();
  REQUIRE(samples.size() == 4);
  for (const auto& s : samples) {
    CHECK(s.quality == Quality::comm_loss);
    CHECK(s.value == 0);
    CHECK(s.reason.find("no answer") != std::string::npos);
  }
}

TEST_CASE("an exception answer is a device fault that names the exception") {
  Harness h(kTwoDevices);
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t>) {
    return c.unit == 1 ? exception_result(4) : ReadResult{};
  };
  const auto samples = h.cycle();
  const Sample& s = sample_of(samples, "a.p0");
  CHECK(s.quality == Quality::device_fault);
  CHECK(s.reason.find("exception 04 (server device failure)") != std::string::npos);
  CHECK(sample_of(samples, "b.p0").quality == Quality::good);
  // An exception is an answer: the device is there, its breaker stays closed.
  h.cycle();
  CHECK(h.link->reads_of(1) == 2);
}

TEST_CASE("exception 02 for a merged request splits it, and the split is kept") {
  Harness h(kTwoDevices);
  // Unit 1 has no register 5: a request spanning it is refused.
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (c.unit == 1 && c.start <= 5 && c.start + c.count > 5) return exception_result(2);
    for (int i = 0; i < c.count; ++i)
      out[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(c.start + i);
    return ReadResult{};
  };
  const auto first = h.cycle();
  for (const auto& s : first) CHECK(s.quality == Quality::good);
  CHECK(sample_of(first, "a.p10").value == 10);
  // Refused 0..10, then 0..1 and 10..10 in the same cycle.
  CHECK(h.link->reads_of(1) == 3);
  CHECK(h.driver->planned_requests() == 3);

  h.link->reads.clear();
  const auto second = h.cycle();
  for (const auto& s : second) CHECK(s.quality == Quality::good);
  CHECK(h.link->reads_of(1) == 2);  // learned: no refused request any more
}

TEST_CASE("exception 03 (too many registers at once) also splits, 02 for one point is a fault") {
  Harness h(kTwoDevices);
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (c.unit == 1 && c.count > 2) return exception_result(3);
    if (c.unit == 1 && c.start == 10) return exception_result(2);
    for (int i = 0; i < c.count; ++i) out[static_cast<std::size_t>(i)] = 7;
    return ReadResult{};
  };
  const auto samples = h.cycle();
  CHECK(sample_of(samples, "a.p0").quality == Quality::good);
  CHECK(sample_of(samples, "a.p1").quality == Quality::good);
  const Sample& missing = sample_of(samples, "a.p10");
  CHECK(missing.quality == Quality::device_fault);
  CHECK(missing.reason.find("illegal data address") != std::string::npos);
  CHECK(missing.reason.find("holding 10..10") != std::string::npos);
}

TEST_CASE("a silent device is backed off alone while the other unit keeps its schedule") {
  Harness h(kTwoDevices);
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (c.unit == 1) return timeout_result();
    std::fill(out.begin(), out.end(), 5);
    return ReadResult{};
  };
  std::size_t comm_loss_samples = 0;
  for (int cycle = 0; cycle < 16; ++cycle) {
    const auto samples = h.cycle();
    CHECK(sample_of(samples, "b.p0").quality == Quality::good);
    for (const char* id : {"a.p0", "a.p1", "a.p10"})
      comm_loss_samples += sample_of(samples, id).quality == Quality::comm_loss;
  }
  CHECK(h.link->reads_of(2) == 16);
  // Asked at cycles 0, 1, 3, 7 and 15: waits of 1, 2, 4 and 8 periods.
  CHECK(h.link->reads_of(1) == 5);
  // Skipped or not, its points are reported bad every cycle, so nothing goes stale unseen.
  CHECK(comm_loss_samples == 48);
  const auto status = h.driver->device_status();
  CHECK_FALSE(status[0].online);
  CHECK(status[1].online);
}

TEST_CASE("the silent device's backoff is capped by device_backoff_max") {
  Harness h(with_bus_keys("device_backoff_max = \"3s\"\n"));
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t>) {
    return c.unit == 1 ? timeout_result() : ReadResult{};
  };
  for (int cycle = 0; cycle < 16; ++cycle) h.cycle();
  // 0, 1, 3, 6, 9, 12, 15.
  CHECK(h.link->reads_of(1) == 7);
}

TEST_CASE("a device that answers again recovers by itself at its next probe") {
  Harness h(kTwoDevices);
  bool unit1_alive = false;
  h.link->answer = [&](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (c.unit == 1 && !unit1_alive) return timeout_result();
    std::fill(out.begin(), out.end(), 42);
    return ReadResult{};
  };
  for (int cycle = 0; cycle < 3; ++cycle) h.cycle();  // probes at 0 and 1; next at 3
  unit1_alive = true;
  const auto at3 = h.cycle();
  CHECK(sample_of(at3, "a.p0").quality == Quality::good);
  CHECK(sample_of(at3, "a.p0").value == 42);
  CHECK(h.driver->device_status()[0].online);
  for (int cycle = 0; cycle < 4; ++cycle)
    CHECK(sample_of(h.cycle(), "a.p0").quality == Quality::good);
}

TEST_CASE("a timeout ends the device's cycle: the rest of its requests are not sent") {
  Harness h(kTwoDevices + R"(
    [[bus.device.point]]
    id = "b.p500"
    address = 500
)");
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t>) {
    return c.unit == 2 ? timeout_result() : ReadResult{};
  };
  const auto samples = h.cycle();
  CHECK(h.link->reads_of(2) == 1);  // not 2: one timeout per silent device and cycle
  CHECK(sample_of(samples, "b.p0").quality == Quality::comm_loss);
  const Sample& skipped = sample_of(samples, "b.p500");
  CHECK(skipped.quality == Quality::comm_loss);
  CHECK(skipped.reason.find("not asked") != std::string::npos);
}

TEST_CASE("a lost answer is retried for a device that is online, not for a silent one") {
  Harness h(kTwoDevices);
  int unit2_calls = 0;
  bool lose_every_other = false;
  h.link->answer = [&](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (c.unit == 2 && lose_every_other && (unit2_calls++ % 2 == 0)) return timeout_result();
    std::fill(out.begin(), out.end(), 9);
    return ReadResult{};
  };
  h.cycle();  // online now
  lose_every_other = true;
  h.link->reads.clear();
  const auto samples = h.cycle();
  CHECK(sample_of(samples, "b.p0").quality == Quality::good);
  CHECK(h.link->reads_of(2) == 2);  // lost, then retried (retries = 1)

  // Silent from the start: one attempt per probe.
  Harness silent(kTwoDevices);
  silent.link->answer = [](const ReadCommand&, std::span<std::uint16_t>) {
    return timeout_result();
  };
  silent.cycle();
  CHECK(silent.link->reads_of(2) == 1);
}

TEST_CASE("while the link is down every point is comm_loss with the connection error") {
  Harness h(kTwoDevices);
  h.link->can_open = false;
  const auto samples = h.cycle();
  REQUIRE(samples.size() == 4);
  for (const auto& s : samples) {
    CHECK(s.quality == Quality::comm_loss);
    CHECK(s.reason.find("Connection refused") != std::string::npos);
  }
  CHECK(h.link->reads.empty());
  // The link comes back: no device was blamed, both are read at once.
  h.link->can_open = true;
  const auto back = h.cycle();
  for (const auto& s : back) CHECK(s.quality == Quality::good);
  CHECK(h.link->opens == 1);
}

TEST_CASE("a connection reset drops the link and it is reopened after the backoff") {
  Harness h(kTwoDevices);
  bool reset = true;
  h.link->answer = [&](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (reset) return ReadResult{{Failure::connection, 0}, "Connection reset by peer"};
    std::fill(out.begin(), out.end(), c.unit);
    return ReadResult{};
  };
  const auto samples = h.cycle(500ms);
  CHECK(h.link->drops == 1);
  CHECK(h.link->reads.size() == 1);  // unit 2 is not asked over a dead link
  CHECK(sample_of(samples, "a.p0").reason.find("reset") != std::string::npos);
  CHECK(sample_of(samples, "b.p0").quality == Quality::comm_loss);
  reset = false;
  h.cycle(500ms);                     // not due
  const auto later = h.cycle(500ms);  // due, backoff of 1s passed: reopened
  CHECK(h.link->opens == 2);
  CHECK(sample_of(later, "a.p0").quality == Quality::good);
  CHECK(sample_of(later, "b.p0").quality == Quality::good);
}

TEST_CASE("when no device on the bus answers, the link itself is reopened (half-open TCP)") {
  Harness h(kTwoDevices);
  h.link->answer = [](const ReadCommand&, std::span<std::uint16_t>) { return timeout_result(); };
  // Both devices probed at cycles 0, 1 and 3: six silent probes, then the link is dropped.
  for (int cycle = 0; cycle < 4; ++cycle) h.cycle();
  CHECK(h.link->drops == 1);
  // One answer anywhere resets the count: a single dead unit never costs the others the link.
  Harness one_dead(kTwoDevices);
  one_dead.link->answer = [](const ReadCommand& c, std::span<std::uint16_t>) {
    return c.unit == 1 ? timeout_result() : ReadResult{};
  };
  for (int cycle = 0; cycle < 40; ++cycle) one_dead.cycle();
  CHECK(one_dead.link->drops == 0);
}

TEST_CASE("a warming-up status makes measured values warming_up and leaves switches good") {
  Harness h(R"([[bus]]
name = "line"
driver = "modbus"
host = "test"
  [[bus.device]]
  name = "ch4"
  unit = 1
    [bus.device.status]
    address = 9
      [[bus.device.status.field]]
      mask = 0x8000
      warming_up = [0]
    [[bus.device.point]]
    id = "ch4.value"
    address = 10
    scale = 0.01
    [[bus.device.point]]
    id = "ch4.relay"
    table = "coil"
    address = 0
    type = "bool"
)");
  std::uint16_t status = 0x0123;  // bit 15 clear: warming up, 0x123 tenths of seconds left
  h.link->answer = [&](const ReadCommand& c, std::span<std::uint16_t> out) {
    for (int i = 0; i < c.count; ++i) {
      const int a = c.start + i;
      out[static_cast<std::size_t>(i)] =
          c.table == Table::coil ? 1 : (a == 9 ? status : static_cast<std::uint16_t>(30));
    }
    return ReadResult{};
  };
  auto samples = h.cycle();
  CHECK(sample_of(samples, "ch4.value").quality == Quality::warming_up);
  CHECK(sample_of(samples, "ch4.value").value == Approx(0.3));
  CHECK(sample_of(samples, "ch4.relay").quality == Quality::good);
  // Status and value share one request (9..10).
  CHECK(h.driver->planned_requests() == 2);
  status = 0x8000;
  samples = h.cycle();
  CHECK(sample_of(samples, "ch4.value").quality == Quality::good);
}

TEST_CASE("a status register that cannot be read leaves no reading vouched for") {
  Harness h(R"([[bus]]
name = "line"
driver = "modbus"
host = "test"
  [[bus.device]]
  name = "ch4"
  unit = 1
    [bus.device.status]
    table = "input"
    address = 0
      [[bus.device.status.field]]
      mask = 0x0030
      device_fault = [1, 2]
    [[bus.device.point]]
    id = "ch4.value"
    address = 10
)");
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t> out) {
    if (c.table == Table::input) return exception_result(2);
    std::fill(out.begin(), out.end(), 1);
    return ReadResult{};
  };
  const auto samples = h.cycle();
  CHECK(sample_of(samples, "ch4.value").quality == Quality::device_fault);
  CHECK(sample_of(samples, "ch4.value").reason.find("status register not read") !=
        std::string::npos);
}

TEST_CASE("a decimals register scales the points that use it") {
  Harness h(R"([[bus]]
name = "line"
driver = "modbus"
host = "test"
  [[bus.device]]
  name = "co"
  unit = 3
    [bus.device.decimals]
    address = 6
    mask = 0x0007
    [[bus.device.point]]
    id = "co.ppm"
    address = 4
    use_decimals = true
)");
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t> out) {
    for (int i = 0; i < c.count; ++i)
      out[static_cast<std::size_t>(i)] = c.start + i == 6 ? 0x0502 : 1234;  // decimals 2
    return ReadResult{};
  };
  CHECK(sample_of(h.cycle(), "co.ppm").value == Approx(12.34));
}

TEST_CASE("coils read as 0/1 switches and a bit point picks its bit of a register") {
  Harness h(R"([[bus]]
name = "line"
driver = "modbus"
host = "test"
  [[bus.device]]
  name = "feed"
  unit = 4
    [[bus.device.point]]
    id = "feed.on"
    table = "discrete"
    address = 3
    type = "bool"
    [[bus.device.point]]
    id = "feed.alarm_bit"
    address = 0
    type = "bit"
    bit = 1
)");
  h.link->answer = [](const ReadCommand& c, std::span<std::uint16_t> out) {
    for (int i = 0; i < c.count; ++i)
      out[static_cast<std::size_t>(i)] = c.table == Table::discrete ? (c.start + i == 3) : 0x0002;
    return ReadResult{};
  };
  const auto samples = h.cycle();
  CHECK(sample_of(samples, "feed.on").value == 1);
  CHECK(sample_of(samples, "feed.alarm_bit").value == 1);
}

TEST_CASE("a point with its own period is polled in its own group on its own schedule") {
  Harness h(kTwoDevices + R"(
    [[bus.device.point]]
    id = "b.fast"
    address = 1
    period = "250ms"
)");
  CHECK(h.driver->planned_requests() == 3);  // a: 1, b slow: 1, b fast: 1
  std::size_t fast = 0;
  std::size_t slow = 0;
  for (int i = 0; i < 8; ++i) {  // two seconds in quarter steps
    for (const auto& s : h.cycle(250ms)) {
      fast += h.driver->point_id(s.point) == "b.fast";
      slow += h.driver->point_id(s.point) == "b.p0";
    }
  }
  CHECK(fast == 8);
  CHECK(slow == 2);
  CHECK(h.driver->next_due() == h.now);
}

TEST_CASE("device_status counts requests, errors by kind, latency and last success") {
  Harness h(kTwoDevices);
  int call = 0;
  h.link->answer = [&](const ReadCommand& c, std::span<std::uint16_t>) {
    if (c.unit == 2) return ReadResult{};
    ++call;
    if (call == 2) return exception_result(2);
    if (call == 3) return ReadResult{{Failure::crc, 0}, "Invalid CRC"};
    return ReadResult{};
  };
  h.cycle();  // call 1 ok
  h.cycle();  // call 2: exception 02 with three points: split, then ok
  const auto status = h.driver->device_status();
  REQUIRE(status.size() == 2);
  const DeviceStatus& a = status[0];
  CHECK(a.bus == "line");
  CHECK(a.device == "a");
  CHECK(a.online);
  CHECK(a.last_success.has_value());
  CHECK(a.errors.at("exception") == 1);
  CHECK(a.requests >= 3);
  CHECK(a.last_latency_ms >= 0);
  CHECK(h.driver->requests_sent() == a.requests + status[1].requests);
}

TEST_CASE("the driver registers itself as \"modbus\" and builds from a bus table") {
  const DriverFactory* factory = DriverRegistry::instance().find("modbus");
  REQUIRE(factory != nullptr);
  modbus::test::FakePointRegistrar registrar;
  const toml::table root = toml::parse(kTwoDevices, std::string("site.toml"));
  auto driver = factory->configure(*root["bus"].as_array()->get(0)->as_table(),
                                   {"site.toml", "bus[0]"}, registrar);
  REQUIRE(driver);
  CHECK(driver->bus_name() == "line");
  CHECK(registrar.points().size() == 4);
  CHECK_FALSE(factory->docs().empty());
}
