// SPDX-License-Identifier: Apache-2.0
// Issue 13 item 9: the Pipeline on its own, against a real libmodbus server and a real store: it
// polls, judges and writes; names its buses and pollers; and a second pipeline built beside it
// takes over its state (a reload at this level) without clearing an active alarm.
#include <catch2/catch.hpp>

#include <string>

#include "bus_config_text.hpp"
#include "config/site_config.hpp"
#include "gateway_conditions.hpp"
#include "gateway_events.hpp"
#include "gateway_store.hpp"
#include "live_state.hpp"
#include "message_seq.hpp"
#include "pipeline.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"
#include "test_modbus_server.hpp"

using namespace sw;
using namespace sw::modbus;
using namespace sw::modbus::test;
using namespace std::chrono_literals;

namespace {

config::SiteConfig site_config(const sw::test::TempDir& dir, int port) {
  const std::string text = R"([site]
enterprise_code = "E1"
gateway_id = "gw1"
site_type = "coal_mine"
gas_class = "high"

[mqtt]
host = "127.0.0.1"

[store]
path = ")" + dir.file("store.db") +
                           "\"\n\n" +
                           tcp_bus(port, "timeout = \"300ms\"",
                                   device("heads", 1, "period = \"100ms\"") +
                                       point("face.ch4",
                                             "table = \"holding\"\naddress = 0\ntype = "
                                             "\"uint16\"\nscale = 0.01\nprofile = "
                                             "\"coal.methane.working_face\""));
  return config::parse_site_config(text, "site.toml");
}

// The latest good value of `id` on the board, or a negative number when there is none.
double latest(const LiveStateBoard& board, const std::string& id) {
  const auto state = board.read();
  for (const auto& p : state->points)
    if (p.info != nullptr && p.info->id == id && p.latest && p.latest->quality == Quality::good)
      return p.latest->value;
  return -1;
}

std::vector<std::string> ledger_kinds(GatewayStore& store) {
  std::vector<std::string> kinds;
  for (const auto& e : store.recent_ledger(100))
    if (e.value("rule", "") == "limit") kinds.push_back(e.value("kind", ""));
  return kinds;
}

struct Parts {
  GatewayEvents events;
  GatewayConditions conditions;
};

}  // namespace

TEST_CASE("a pipeline polls, judges and writes, and a new one takes over without clearing") {
  TestModbusServer server;
  server.add_unit(1);
  server.set_registers(1, Table::holding, 0, {38});  // 0.38 %CH4
  sw::test::TempDir dir;
  auto config = site_config(dir, server.port());
  GatewayStore store(config.store);
  LiveStateBoard board;
  MessageSeq seq(store);
  Parts parts;

  auto first = std::make_unique<Pipeline>(
      config, store, board, seq, [] {}, parts.events, parts.conditions);
  CHECK(first->bus_names() == std::vector<std::string>{"test-bus"});
  CHECK(first->poller("test-bus") != nullptr);
  CHECK(first->poller("no-such-bus") == nullptr);
  first->restore_from_store();
  first->start();
  REQUIRE(
      sw::test::wait_until([&] { return latest(board, "face.ch4") == Approx(0.38); }, 10s, 20ms));
  CHECK(first->alive(SteadyClock::now()));
  const auto devices = first->device_status();
  REQUIRE(devices.size() == 1);
  CHECK(devices[0].online);
  CHECK(devices[0].requests > 0);

  // Methane past the alarm level: the alarm is written while the pipeline runs.
  server.set_registers(1, Table::holding, 0, {120});
  REQUIRE(sw::test::wait_until([&] { return !ledger_kinds(store).empty(); }, 10s, 50ms));
  CHECK(ledger_kinds(store) == std::vector<std::string>{"raised"});

  // A reload at this level: the new pipeline is built beside the running one, the old one stops,
  // the new one takes over its state and starts. The alarm stays raised, not cleared and raised.
  auto fresh = site_config(dir, server.port());
  auto second = std::make_unique<Pipeline>(
      fresh, store, board, seq, [] {}, parts.events, parts.conditions);
  first->stop();
  first->stop();                                // idempotent
  CHECK_FALSE(first->device_status().empty());  // still readable after a stop
  second->carry_over(*first);
  second->start();
  first.reset();
  const auto requests_before = server.requests_of(1);
  REQUIRE(
      sw::test::wait_until([&] { return server.requests_of(1) > requests_before + 5; }, 10s, 20ms));
  CHECK(ledger_kinds(store) == std::vector<std::string>{"raised"});
  CHECK(latest(board, "face.ch4") == Approx(1.2));

  // Back below the level: cleared once, by the new pipeline.
  server.set_registers(1, Table::holding, 0, {38});
  REQUIRE(sw::test::wait_until(
      [&] {
        const auto kinds = ledger_kinds(store);
        return std::find(kinds.begin(), kinds.end(), "cleared") != kinds.end();
      },
      10s, 50ms));
  second->stop();
}
