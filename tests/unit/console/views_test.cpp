// SPDX-License-Identifier: Apache-2.0
// sitewatchctl's views against golden text: aligned columns (CJK counted as two), values hidden
// without good quality, colour only when asked, and nothing from the daemon reaching the terminal
// as a control sequence.
#include <catch2/catch.hpp>

#include "fake_console.hpp"
#include "sitewatchctl/result_filters.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

using namespace sw;
using namespace sw::console;
using namespace sw::console::fixture;
using nlohmann::json;

namespace {

RenderOptions plain() {
  return {false, true, fixed_now()};  // no colour, UTC: the same text on every machine
}
RenderOptions colored() {
  return {true, true, fixed_now()};
}

bool has_escape(const std::string& text) {
  return text.find('\x1b') != std::string::npos;
}

}  // namespace

TEST_CASE("display width counts Chinese characters as two columns and marks as none") {
  CHECK(display_width("face3.ch4") == 9);
  CHECK(display_width("回风隅角") == 8);
  CHECK(display_width("3号工作面") == 9);
  CHECK(display_width("第498条") == 7);
  CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
  CHECK(display_width("\xff\xfe") == 2);   // invalid bytes print as '?'
}

TEST_CASE("text from the daemon cannot drive the terminal") {
  CHECK(printable("\x1b[31mred\x1b[0m") == "?[31mred?[0m");
  CHECK(printable("line\nbreak\r\t") == "line?break??");
  CHECK(printable("bad \xff utf8") == "bad ? utf8");
  CHECK(printable("回风隅角") == "回风隅角");
  Table table({{"A"}});
  table.add_row({"\x1b]0;pwned\x07"});
  CHECK_FALSE(has_escape(table.render(false)));
}

TEST_CASE("a table aligns columns by what the terminal shows, numbers to the right") {
  Table table({{"NAME"}, {"VALUE", Align::right}, {"NOTE"}});
  table.add_row({"回风隅角", "1.5", "x"});
  table.add_row({"ab", "12.25", ""});
  CHECK(table.render(false) ==
        "NAME      VALUE  NOTE\n"
        "回风隅角    1.5  x\n"
        "ab        12.25\n");
}

TEST_CASE("status is a block of aligned fields") {
  CHECK(render_status(canned_status(), plain()) ==
        R"(Gateway : gw-face3 (enterprise 91410300MA3X, coal_mine)
Version : 0.1.0, up 1d 2h
MQTT    : DISCONNECTED from ssl://platform.example:8883 since 2025-11-29 01:50:00: connection refused (3 reconnects)
Outbox  : 14 waiting (alarm 2, event 1, status 1, telemetry 10), oldest 2025-11-29 01:50:02
Devices : 2 of 3 online
Alarms  : 2 active (alarm 1, power_cut 1), 1 unacknowledged, 1 MAJOR HAZARD
Storage : ok
)");
}

TEST_CASE("a status without a section shows '-', never an all-clear") {
  const auto text = render_status(json::object(), plain());
  CHECK_THAT(text, Catch::Contains("Alarms  : -\n"));
  CHECK_THAT(text, !Catch::Contains("none active"));
  auto quiet = canned_status();
  quiet["alarms"] = {
      {"active_by_level", json::object()}, {"unacknowledged", 0}, {"major_hazards", 0}};
  CHECK_THAT(render_status(quiet, plain()), Catch::Contains("Alarms  : none active\n"));
}

TEST_CASE("devices: one line each, errors by kind, a footer count") {
  CHECK(
      render_devices(canned_devices(), plain()) ==
      R"(BUS     DEVICE        STATE    LAST READ  REQUESTS  ERRORS             LAST/AVG MS  LAST ERROR
face-3  unit 7        online   2s ago         1234  timeout 3            12.5/15.3  -
face-3  unit 8        offline  20m ago        1200  crc 2, timeout 40         0/14  "timeout after 500ms"
cam     回风巷摄像头  online   1s ago           60  -                      80/75.5  -
2 of 3 devices online
)");
}

TEST_CASE("points: a value only with good quality, never a failed read that looks real") {
  CHECK(render_points(canned_points(), plain()) ==
        R"(POINT       VALUE  UNIT  QUALITY    AGE  ALARM              REASON
face3.ch4    1.62  %CH4  good        1s  power_cut (limit)  -
face3.co        -  ppm   comm_loss  45s  -                  "timeout after 500ms"
face3.feed      1        good        1s  -                  -
main.wind    2.35  m/s   good        3s  -                  -
)");
}

TEST_CASE("points: an alarm out of service is shown, and once too long says so") {
  json points = json::array();
  points.push_back({{"id", "face3.ch4"},
                    {"value", 0.3},
                    {"unit", "%CH4"},
                    {"quality", "good"},
                    {"age_s", 1.0},
                    {"active_level", nullptr},
                    {"active_rule", nullptr},
                    {"reason", ""},
                    {"out_of_service", json::array({{{"alarm_id", "A"}, {"too_long", false}}})}});
  CHECK_THAT(render_points(points, plain()), Catch::Contains("  OOS  "));
  points[0]["active_level"] = "alarm";
  points[0]["active_rule"] = "limit";
  points[0]["out_of_service"][0]["too_long"] = true;
  CHECK_THAT(render_points(points, plain()), Catch::Contains("alarm (limit); OOS too long"));
}

TEST_CASE("alarms: ISA-18.2 states, major hazards with their clause, hidden ones counted") {
  const auto filtered = filter_alarms(canned_alarms(), false);
  CHECK(filtered.hidden == 1);
  CHECK(
      render_alarms(filtered.shown, plain(), filtered.hidden) ==
      R"(ALARM ID                    STATE  LEVEL      POINT      LOCATION           VALUE  PEAK  LIMIT  UNIT  RAISED               ACKED BY
01JDQ6X4ZK8Y2M7N3P5R9T1V0W  UNACK  power_cut  face3.ch4  3号工作面回风隅角   1.62  1.71    1.5  %CH4  2025-11-29 01:58:10  -
01JDQ5M2AB3C4D5E6F7G8H9J0K  ACKED  fault      face3.co   3号工作面              0     0      -  ppm   2025-11-29 01:59:15  alice

MAJOR HAZARD 01JDQ6X4ZK8Y2M7N3P5R9T1V0W: 瓦斯超限作业 (煤矿安全规程 第498条)
1 alarm shelved or out of service not shown (--all shows them)
)");
  CHECK(filter_alarms(canned_alarms(), true).shown.size() == 3);
  CHECK(render_alarms(json::array(), plain()) == "no active alarms\n");
}

TEST_CASE("history, outbox, ledger and reload read as sentences and tables") {
  CHECK(render_history(canned_history(), plain(), 1000) == R"(TIME                 VALUE  QUALITY
2025-11-29 01:57:00   0.84  good
2025-11-29 01:58:00   1.62  good
2025-11-29 01:59:00      -  comm_loss
3 samples
)");
  CHECK_THAT(render_history(canned_history(), plain(), 3),
             Catch::Contains("3 samples (the limit;"));

  CHECK(render_outbox(canned_outbox(), plain()) ==
        R"(Waiting : 14 (alarm 2, event 1, status 1, telemetry 10)
Oldest  : 2025-11-29 01:50:02 (9m ago)
Dropped : 5 telemetry messages (shed when full; alarms are never dropped)

Next to leave:
LANE    SEQ  POINT      CREATED              MESSAGE ID
alarm  1041  face3.ch4  2025-11-29 01:58:10  01JDQ6X4ZM000000000000000A
alarm  1042  face3.co   2025-11-29 01:59:15  01JDQ6X4ZM000000000000000B
)");

  json with_dead = canned_outbox();
  with_dead["dead_letters"] = 1;
  with_dead["dead"] = json::parse(R"x([{"lane": "alarm", "seq": 1039, "id": "01JDP", "topic":
      "sw/E1001/gw-7/alarm", "point": "face3.ch4", "created": "2025-11-29T01:57:02.000Z",
      "set_aside": "2025-11-29T01:57:03.000Z",
      "reason": "broker refused: Not authorized (MQTT 5 reason 135)"}])x");
  const std::string dead_text = render_outbox(with_dead, plain());
  CHECK_THAT(dead_text, Catch::Contains("Dead letters : 1 message the broker kept refusing, set "
                                        "aside: mend the cause, then `sitewatchctl outbox "
                                        "--requeue`\n"));
  CHECK_THAT(dead_text,
             Catch::Contains("\nDead letters:\nLANE    SEQ  POINT      SET ASIDE            WHY\n"
                             "alarm  1039  face3.ch4  2025-11-29 01:57:03  broker refused: Not "
                             "authorized (MQTT 5 reason 135)\n"));

  CHECK(render_ledger({{"intact", true}, {"records", 1234}}, plain()) ==
        "ledger intact: 1234 records, hash chain verified\n");
  CHECK(render_ledger({{"intact", false},
                       {"records", 1234},
                       {"first_bad_seq", 17},
                       {"problem", "record 17: hash mismatch (edited)"}},
                      plain()) ==
        "LEDGER NOT INTACT (1234 records): first bad record 17: record 17: hash mismatch "
        "(edited)\nAn edited or deleted exceedance record is a major accident hazard "
        "(煤矿重大事故隐患判定标准 第十八条(六)): report it.\n");

  CHECK(render_reload({{"ok", true}, {"message", "12 points, 3 buses"}}, plain()) ==
        "reloaded: 12 points, 3 buses\n");
  CHECK(render_reload({{"ok", false}, {"message", "line 12: unknown key 'treshold'"}}, plain()) ==
        "reload refused: line 12: unknown key 'treshold'; the running configuration stays in "
        "force\n");
  CHECK(render_alarm_action("shelved",
                            {{"alarm_id", "01JDQ3"},
                             {"state", "shelved"},
                             {"shelved_until", "2025-11-29T02:30:00.000Z"}},
                            plain()) == "shelved 01JDQ3: now SHLVD until 2025-11-29 02:30:00\n");
}

TEST_CASE("no colour codes unless asked, when asked, major hazards and faults stand out") {
  const auto filtered = filter_alarms(canned_alarms(), false);
  for (const auto& text :
       {render_status(canned_status(), plain()), render_devices(canned_devices(), plain()),
        render_points(canned_points(), plain()), render_alarms(canned_alarms(), plain()),
        render_history(canned_history(), plain()), render_outbox(canned_outbox(), plain()),
        render_ledger({{"intact", false}}, plain()), render_reload({{"ok", false}}, plain()),
        render_watch(canned_status(), filtered.shown, filtered.hidden, Millis{1000}, plain())})
    CHECK_FALSE(has_escape(text));

  const auto alarms = render_alarms(canned_alarms(), colored());
  CHECK_THAT(alarms, Catch::Contains("\x1b[1;31mUNACK\x1b[0m"));
  CHECK_THAT(alarms, Catch::Contains("\x1b[1;31mpower_cut\x1b[0m"));  // a major hazard
  CHECK_THAT(alarms, Catch::Contains("\x1b[33mfault\x1b[0m"));        // a sensor fault
  CHECK_THAT(render_points(canned_points(), colored()),
             Catch::Contains("\x1b[33mcomm_loss\x1b[0m"));
  CHECK_THAT(render_status(canned_status(), colored()),
             Catch::Contains("\x1b[1;31mDISCONNECTED from"));
}

TEST_CASE("views survive results with missing or mistyped fields") {
  const json junk = json::array({json::object(), json{{"id", 5}, {"value", "x"}}, json(3)});
  CHECK_NOTHROW(render_status(json::array(), plain()));
  CHECK_NOTHROW(render_devices(junk, plain()));
  CHECK_NOTHROW(render_points(junk, plain()));
  CHECK_NOTHROW(render_alarms(junk, plain()));
  CHECK_NOTHROW(render_history(junk, plain()));
  CHECK_NOTHROW(render_outbox(json(nullptr), plain()));
  CHECK_NOTHROW(render_ledger(json("?"), plain()));
  CHECK(render_devices(json::object(), plain()) == "no devices\n");
}

TEST_CASE("points filter by a glob on the id") {
  const auto face3 = filter_points(canned_points(), "face3.*");
  CHECK(face3.size() == 3);
  CHECK(filter_points(canned_points(), "*.ch4").size() == 1);
  CHECK(filter_points(canned_points(), "face?.c[ho]*").size() == 2);
  CHECK(filter_points(canned_points(), "nothing").empty());
  CHECK(filter_points(canned_points(), "") == canned_points());
}

TEST_CASE("times for people: clock times, ages, uptimes and --since arguments") {
  const WallTime now = fixed_now();
  CHECK(format_clock_time(now, true) == "2025-11-29 02:00:00");
  CHECK(format_age(Millis{59'999}) == "59s");
  CHECK(format_age(Millis{-5}) == "0s");
  CHECK(format_age(Millis{3 * 3'600'000}) == "3h");
  CHECK(format_uptime(Millis{93'784'000}) == "1d 2h");
  CHECK(format_uptime(Millis{303'000}) == "5m 3s");
  CHECK(parse_when("now", now, true) == now);
  CHECK(parse_when("1h", now, true) == now - std::chrono::hours(1));
  CHECK(parse_when("2025-11-29T01:00:00Z", now, true) == now - std::chrono::hours(1));
  CHECK(parse_when("2025-11-29 01:00", now, true) == now - std::chrono::hours(1));
  CHECK(parse_when("2025-11-29 01:00:30", now, true) == now - std::chrono::seconds(3570));
  CHECK(parse_when("2025-11-29", now, true) == now - std::chrono::hours(2));
  CHECK_FALSE(parse_when("yesterday", now, true));
  CHECK_FALSE(parse_when("2025-02-30", now, true));
  CHECK_FALSE(parse_when("2025-11-29 01:00x", now, true));
  CHECK_FALSE(parse_when("2025-11-29X01:00", now, true));
}
