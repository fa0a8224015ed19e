// SPDX-License-Identifier: Apache-2.0
// The probe and scan errands against a scripted link: what they read, how a scan shares the bus
// (a few units per turn), and how each kind of answer is reported.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "drivers/modbus/commissioning_errands.hpp"

using namespace sw;
using namespace sw::modbus;
using nlohmann::json;

namespace {

// Units answer as scripted; any other unit is silent (timeout).
struct ScriptedLine {
  std::map<int, RequestError> answers;  // failure none: answers with the unit number as value
  std::vector<ReadCommand> asked;

  RawRead reader() {
    return [this](const ReadCommand& cmd, std::span<std::uint16_t> out) {
      asked.push_back(cmd);
      ReadResult r;
      const auto it = answers.find(cmd.unit);
      if (it == answers.end()) {
        r.error = {Failure::timeout, 0};
        r.text = "no answer within 300ms";
        return r;
      }
      r.error = it->second;
      if (r.ok())
        for (auto& v : out) v = static_cast<std::uint16_t>(cmd.unit);
      else
        r.text = "scripted failure";
      return r;
    };
  }
};

}  // namespace

TEST_CASE("a scan asks one holding register per unit, a few units per turn of the bus") {
  ScriptedLine line;
  line.answers[2] = {};
  line.answers[5] = {Failure::exception, 2};     // there, lacks register 0
  line.answers[6] = {Failure::exception, 0x0B};  // a TCP gateway: the unit behind it is silent
  line.answers[7] = {Failure::crc, 0};           // something there: wrong baud, two talkers
  const auto scan = make_scan_errand("face-3", ScanRequest{1, 10}, line.reader());
  CHECK(scan->report()["state"] == "running");

  CHECK(scan->step());
  CHECK(line.asked.size() == static_cast<std::size_t>(kScanUnitsPerTurn));
  for (const auto& cmd : line.asked) {
    CHECK(cmd.table == Table::holding);  // FC 3, a read: a scan never writes
    CHECK(cmd.start == 0);
    CHECK(cmd.count == 1);
  }
  CHECK(scan->report()["scanned"] == kScanUnitsPerTurn);
  CHECK_FALSE(scan->finished());

  while (scan->step()) {
  }
  CHECK(line.asked.size() == 10);
  REQUIRE(scan->finished());
  const json r = scan->report();
  CHECK(r["state"] == "done");
  CHECK(r["scanned"] == 10);
  REQUIRE(r["found"].size() == 3);
  CHECK(r["found"][0]["unit"] == 2);
  CHECK(r["found"][0]["reply"] == "registers");
  CHECK(r["found"][1]["unit"] == 5);
  CHECK(r["found"][1]["reply"] == "exception");
  CHECK(r["found"][2]["unit"] == 7);
  CHECK(r["found"][2]["reply"] == "garbled");
}

TEST_CASE("a scan asks each unit the table and address it was given, and says which") {
  ScriptedLine line;
  line.answers[2] = {};
  line.answers[3] = {Failure::exception, 2};
  const auto scan = make_scan_errand("face-3", ScanRequest{1, 3, Table::input, 100}, line.reader());
  CHECK(scan->report()["table"] == "input");
  CHECK(scan->report()["function"] == 4);
  CHECK(scan->report()["address"] == 100);
  while (scan->step()) {
  }
  REQUIRE(line.asked.size() == 3);
  for (const auto& cmd : line.asked) {
    CHECK(cmd.table == Table::input);  // FC 4, still a read
    CHECK(cmd.start == 100);
    CHECK(cmd.count == 1);
  }
  const json r = scan->report();
  REQUIRE(r["found"].size() == 2);
  CHECK(r["found"][0]["reply"] == "registers");
  CHECK(r["found"][1]["reply"] == "exception");

  // A bit table's answer is bits, not registers.
  ScriptedLine bits;
  bits.answers[1] = {};
  const auto coils = make_scan_errand("face-3", ScanRequest{1, 1, Table::coil, 7}, bits.reader());
  CHECK_FALSE(coils->step());
  REQUIRE(bits.asked.size() == 1);
  CHECK(bits.asked[0].table == Table::coil);
  CHECK(bits.asked[0].start == 7);
  CHECK(coils->report()["function"] == 1);
  CHECK(coils->report()["found"][0]["reply"] == "bits");
}

TEST_CASE("a scan whose link fails stops there and says where") {
  ScriptedLine line;
  line.answers[3] = {Failure::connection, 0};
  const auto scan = make_scan_errand("line-1", ScanRequest{1, 247}, line.reader());
  CHECK_FALSE(scan->step());
  CHECK(scan->finished());
  const json r = scan->report();
  CHECK(r["state"] == "failed");
  CHECK_THAT(r["error"].get<std::string>(), Catch::Contains("the link failed at unit 3"));
}

TEST_CASE("a probe reads once and reports the values, or the failure as it came") {
  ScriptedLine line;
  line.answers[4] = {};
  ProbeRequest request;
  request.unit = 4;
  request.address = 100;
  request.count = 2;
  const auto probe = make_probe_errand("face-3", request, line.reader());
  CHECK_FALSE(probe->step());
  REQUIRE(line.asked.size() == 1);
  CHECK(line.asked[0].start == 100);
  CHECK(line.asked[0].count == 2);
  const json r = probe->report();
  CHECK(r["state"] == "done");
  CHECK(r["answered"] == true);
  CHECK(r["function"] == 3);
  CHECK(r["values"][0]["value"] == 4);

  request.unit = 9;
  const auto silent = make_probe_errand("face-3", request, line.reader());
  silent->step();
  CHECK(silent->report()["answered"] == false);
  CHECK(silent->report()["failure"] == "timeout");
  CHECK(silent->report()["error"] == "no answer within 300ms");
}

TEST_CASE("an abandoned or withdrawn errand ends with its reason and never reads again") {
  ScriptedLine line;
  const auto scan = make_scan_errand("face-3", ScanRequest{1, 247}, line.reader());
  scan->abandon("the bus stopped (a reload or shutdown) before it was done");
  CHECK(scan->finished());
  CHECK(scan->report()["state"] == "abandoned");
  CHECK_FALSE(scan->step());
  CHECK(line.asked.empty());

  ProbeRequest request;
  const auto probe = make_probe_errand("face-3", request, line.reader());
  probe->cancel();
  CHECK(probe->report()["state"] == "withdrawn");
  CHECK_FALSE(probe->step());
  CHECK(line.asked.empty());
}
