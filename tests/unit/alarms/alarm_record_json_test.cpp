// SPDX-License-Identifier: Apache-2.0
// AlarmRecord ⇄ JSON text for the store's alarm-state table: all fields, times as epoch ms.
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "alarm_fixtures.hpp"

namespace sw::alarms::test {
namespace {

AlarmRecord full_record() {
  AlarmRecord r;
  r.alarm_id = "01J9ZQ4X8M2T7K5R3W6Y1N0PAB";
  r.source = kCh4;
  r.rule = "limit";
  r.point = "face3.ch4";
  r.state = AlarmState::shelved;
  r.condition_active = true;
  r.level = "power_cut";
  r.rank = 2;
  r.priority = 1;
  r.value = 1.57;
  r.peak = 1.83;
  r.low = true;
  r.threshold = 1.5;
  r.major_hazard = true;
  r.hazard_category = "瓦斯超限作业";
  r.clause = "煤矿安全规程 第498条";
  r.message = "回风隅角甲烷 \"断电\"\n第二行";
  r.raised_at = at(1.234);
  r.last_change = at(99.5);
  r.shelved_until = at(3700);
  r.hidden_by = "console:li";
  r.hidden_at = at(100);
  r.hidden_rank = 2;
  r.acked_by = "platform:zhang";
  r.acked_at = at(50.001);
  r.recent_raises = {at(1.234), at(20), at(41)};
  r.chattering = true;
  return r;
}

}  // namespace

TEST_CASE("an alarm record survives the JSON round trip with every field") {
  const AlarmRecord r = full_record();
  const AlarmRecord back = record_from_json_text(to_json_text(r));
  CHECK(back == r);
  CHECK(back.message == r.message);
  CHECK(back.raised_at == at(1.234));  // millisecond precision kept
}

TEST_CASE("absent optionals round-trip as absent") {
  AlarmRecord r = full_record();
  r.threshold.reset();
  r.shelved_until.reset();
  r.hidden_at.reset();
  r.acked_at.reset();
  r.recent_raises.clear();
  const AlarmRecord back = record_from_json_text(to_json_text(r));
  CHECK(back == r);
}

TEST_CASE("the persisted form writes times as epoch milliseconds and absent optionals as null") {
  AlarmRecord r = full_record();
  r.acked_at.reset();
  const auto j = nlohmann::json::parse(to_json_text(r));
  CHECK(j.at("version") == 1);
  CHECK(j.at("raised_at") == to_epoch_ms(at(1.234)));
  CHECK(j.at("shelved_until") == to_epoch_ms(at(3700)));
  CHECK(j.at("acked_at").is_null());
  CHECK(j.at("state") == "shelved");
  CHECK(j.at("recent_raises").size() == 3);
}

TEST_CASE("a value that is not a number round-trips as not a number") {
  AlarmRecord r = full_record();
  r.value = std::nan("");
  const AlarmRecord back = record_from_json_text(to_json_text(r));
  CHECK(std::isnan(back.value));
  CHECK(back.peak == r.peak);
}

TEST_CASE("invalid UTF-8 from a device does not cost the record") {
  AlarmRecord r = full_record();
  r.message = "bad \xff byte";
  const AlarmRecord back = record_from_json_text(to_json_text(r));
  CHECK(back.alarm_id == r.alarm_id);
  CHECK(back.message.find("bad ") == 0);
}

TEST_CASE("a damaged record is refused with the key that is wrong") {
  const std::string good = to_json_text(full_record());
  auto damaged = [&](const std::string& key, const nlohmann::json& value) {
    auto j = nlohmann::json::parse(good);
    if (value.is_discarded())
      j.erase(key);
    else
      j[key] = value;
    return j.dump();
  };
  auto refusal = [](const std::string& text) -> std::string {
    try {
      record_from_json_text(text);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "accepted";
  };
  const auto missing = nlohmann::json(nlohmann::json::value_t::discarded);
  CHECK(refusal("{not json").find("not JSON") != std::string::npos);
  CHECK(refusal("[1,2]").find("not a JSON object") != std::string::npos);
  CHECK(refusal(damaged("alarm_id", missing)).find("'alarm_id'") != std::string::npos);
  CHECK(refusal(damaged("rank", "two")).find("'rank'") != std::string::npos);
  CHECK(refusal(damaged("raised_at", 1.5)).find("'raised_at'") != std::string::npos);
  CHECK(refusal(damaged("state", "latched")).find("'state'") != std::string::npos);
  CHECK(refusal(damaged("recent_raises", {"x"})).find("'recent_raises'") != std::string::npos);
  CHECK(refusal(damaged("version", 2)).find("newer") != std::string::npos);
}

}  // namespace sw::alarms::test
