// SPDX-License-Identifier: Apache-2.0
// sitewatchctl's probe and scan views against golden text: raw values in hex and decimal, every
// decode side by side with the type and order asked for marked, and a clear line for no answer.
#include <catch2/catch.hpp>

#include "fake_console.hpp"
#include "sitewatchctl/views.hpp"

using namespace sw;
using namespace sw::console;
using namespace sw::console::fixture;
using nlohmann::json;

namespace {

RenderOptions plain() {
  return {false, true, fixed_now()};
}

json decode(const char* type, const char* order, json value) {
  return {{"type", type}, {"order", order}, {"value", value}, {"scaled", value}};
}

json probe_report() {
  return {{"state", "done"},
          {"bus", "face-3"},
          {"unit", 3},
          {"table", "holding"},
          {"function", 3},
          {"address", 10},
          {"count", 2},
          {"type", "float32"},
          {"order", "CDAB"},
          {"scale", 1},
          {"answered", true},
          {"latency_ms", 4.25},
          {"values",
           {{{"address", 10}, {"value", 13107}, {"hex", "0x3333"}},
            {{"address", 11}, {"value", 16307}, {"hex", "0x3FB3"}}}},
          {"decodes",
           {decode("uint16", "ABCD", 13107), decode("uint16", "CDAB", 13107),
            decode("float32", "ABCD", 4.17e-08), decode("float32", "CDAB", 1.4000000357627869)}},
          {"chosen", decode("float32", "CDAB", 1.4000000357627869)}};
}

}  // namespace

TEST_CASE("a probe shows the registers, every decode side by side and the one asked for") {
  CHECK(render_probe(probe_report(), plain()) ==
        "bus face-3, unit 3: holding registers 10-11 (FC 3), answered in 4.25 ms\n"
        "ADDRESS  HEX     DECIMAL\n"
        "     10  0x3333    13107\n"
        "     11  0x3FB3    16307\n"
        "\n"
        "decoded from address 10:\n"
        "TYPE          ABCD  CDAB*\n"
        "uint16       13107  13107\n"
        "float32*  4.17e-08    1.4\n"
        "(* the type/order asked for; - no number: NaN or infinite)\n"
        "chosen: float32 CDAB = 1.4\n");
}

TEST_CASE("a probe without an answer says why in one line") {
  json r = probe_report();
  r["answered"] = false;
  r["error"] = "no answer within 300ms";
  r["unit"] = 9;
  r["count"] = 1;
  CHECK(render_probe(r, plain()) ==
        "bus face-3, unit 9: holding register 10 (FC 3): no value: no answer within 300ms\n");
}

TEST_CASE("a scan lists the units that answered and how") {
  const json r = {
      {"state", "done"},
      {"bus", "line-1"},
      {"first", 1},
      {"last", 8},
      {"total", 8},
      {"scanned", 8},
      {"found",
       {{{"unit", 1}, {"reply", "registers"}, {"detail", nullptr}, {"latency_ms", 12.5}},
        {{"unit", 4},
         {"reply", "exception"},
         {"detail", "exception 02 (illegal data address)"},
         {"latency_ms", 11}}}},
      {"error", nullptr}};
  CHECK(render_scan(r, plain()) ==
        "bus line-1: units 1-8, 8 of 8 scanned, 2 answered\n"
        "UNIT  REPLY        MS  DETAIL\n"
        "   1  registers  12.5  -\n"
        "   4  exception    11  exception 02 (illegal data address)\n");
  CHECK(scan_progress_line(r) == "scanning line-1: 8 of 8 units, 2 answered");
}

TEST_CASE("a scan of another table or address says what each unit was asked") {
  const json r = {{"state", "done"}, {"bus", "face-3"},        {"first", 1},       {"last", 4},
                  {"total", 4},      {"scanned", 4},           {"table", "input"}, {"function", 4},
                  {"address", 0},    {"found", json::array()}, {"error", nullptr}};
  CHECK(render_scan(r, plain()) ==
        "bus face-3: units 1-4 (input register 0, FC 4), 4 of 4 scanned, 0 answered\n");
  json coil = r;
  coil["table"] = "coil";
  coil["function"] = 1;
  coil["address"] = 12;
  CHECK(render_scan(coil, plain()) ==
        "bus face-3: units 1-4 (coil 12, FC 1), 4 of 4 scanned, 0 answered\n");
  json holding = r;  // the default, as every scan read before: not named
  holding["table"] = "holding";
  holding["function"] = 3;
  CHECK(render_scan(holding, plain()) == "bus face-3: units 1-4, 4 of 4 scanned, 0 answered\n");
}
