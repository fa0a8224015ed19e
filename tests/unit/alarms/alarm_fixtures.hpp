// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared helpers for the alarm book's tests: a fixed clock, the conditions of a coal-mine methane
// point and an oxygen point, and a book that returns the events of each call.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alarms/alarm_book.hpp"

namespace Catch {
template <>
struct StringMaker<sw::AlarmEventKind> {
  static std::string convert(sw::AlarmEventKind k) { return std::string(sw::to_string(k)); }
};
template <>
struct StringMaker<sw::AlarmState> {
  static std::string convert(sw::AlarmState s) { return std::string(sw::to_string(s)); }
};
}  // namespace Catch

namespace sw::alarms::test {

using namespace std::chrono_literals;

// Seconds after a fixed instant (2026-05-28), so times in failures read as small numbers.
inline WallTime at(double seconds) {
  return from_epoch_ms(1'780'000'000'000 + static_cast<std::int64_t>(seconds * 1000));
}

inline const std::string kCh4 = "face3.ch4/limit";
inline const std::string kO2 = "face3.o2/limit";
inline const std::string kFault = "face3.ch4/fault";

// 煤矿安全规程 第498条, 采煤工作面回风隅角: alarm at 1.0 %CH4, power cut at 1.5 %CH4.
inline rules::Condition ch4(std::string level, double value, WallTime t) {
  rules::Condition c;
  c.source = kCh4;
  c.rule = "limit";
  c.point = "face3.ch4";
  c.active = true;
  c.level = std::move(level);
  c.rank = c.level == "power_cut" ? 2 : 1;
  c.priority = c.level == "power_cut" ? 1 : 2;
  c.value = value;
  c.threshold = c.level == "power_cut" ? 1.5 : 1.0;
  c.hazard_category = "瓦斯超限作业";
  c.clause = "煤矿安全规程 第498条";
  c.message = "回风隅角甲烷 " + c.level;
  c.time = t;
  return c;
}
inline rules::Condition ch4_alarm(double value, WallTime t) {
  return ch4("alarm", value, t);
}
inline rules::Condition ch4_power_cut(double value, WallTime t) {
  return ch4("power_cut", value, t);
}
inline rules::Condition cleared(const std::string& source, double value, WallTime t) {
  rules::Condition c;
  c.source = source;
  c.rule = "limit";
  c.point = source.substr(0, source.find('/'));
  c.active = false;
  c.value = value;
  c.time = t;
  return c;
}

// 煤矿安全规程 第135条: O2 in intake air not below 20 %vol — a low limit.
inline rules::Condition o2_low(double value, WallTime t) {
  rules::Condition c;
  c.source = kO2;
  c.rule = "limit";
  c.point = "face3.o2";
  c.active = true;
  c.level = "low";
  c.rank = 1;
  c.priority = 2;
  c.value = value;
  c.threshold = 20.0;
  c.low = true;
  c.clause = "煤矿安全规程 第135条";
  c.message = "进风流氧气不足";
  c.time = t;
  return c;
}

// A sensor fault; after it is not restored in time it becomes a major hazard (判定标准
// 第十八条(六)).
inline rules::Condition sensor_fault(bool major, WallTime t) {
  rules::Condition c;
  c.source = kFault;
  c.rule = "sensor_fault";
  c.point = "face3.ch4";
  c.active = true;
  c.level = "fault";
  c.rank = 1;
  c.priority = major ? 1 : 2;
  c.major_hazard = major;
  c.hazard_category = major ? "监控系统不能正常运行" : "";
  c.clause = "煤矿重大事故隐患判定标准 第十八条(六) 安全监控系统不能正常运行";
  c.message = "甲烷传感器故障";
  c.time = t;
  return c;
}

inline PointInfo point_info(const PointId& id) {
  PointInfo p;
  p.id = id;
  p.bus = "face3";
  p.device = "unit 7";
  p.name = id == "face3.o2" ? "进风流氧气" : "回风隅角甲烷";
  p.quantity = id == "face3.o2" ? "o2" : "methane";
  p.unit = id == "face3.o2" ? "%vol" : "%CH4";
  p.location = "3号采煤工作面";
  return p;
}

// Chattering at 3 raises a minute (the default is 5).
inline AlarmBookSettings three_per_minute() {
  AlarmBookSettings s;
  s.chatter_count = 3;
  s.chatter_window = 60s;
  return s;
}

inline std::vector<AlarmEventKind> kinds(const std::vector<AlarmEvent>& events) {
  std::vector<AlarmEventKind> out;
  for (const auto& e : events) out.push_back(e.kind);
  return out;
}

// The book, with each call returning the events it caused.
struct Book {
  explicit Book(AlarmBookSettings settings = {}) : book(point_info, settings) {}

  AlarmBook book;
  std::vector<AlarmEvent> out;
  Refusal refusal;

  const std::vector<AlarmEvent>& apply(const rules::Condition& c) {
    out.clear();
    book.apply(c, out);
    return out;
  }
  const std::vector<AlarmEvent>& tick(WallTime t) {
    out.clear();
    book.tick(t, out);
    return out;
  }
  Refusal acknowledge(const std::string& id, const std::string& by, WallTime t) {
    out.clear();
    return refusal = book.acknowledge(id, by, t, out);
  }
  Refusal shelve(const std::string& id, Millis d, const std::string& by, WallTime t,
                 const std::string& reason = {}) {
    out.clear();
    return refusal = book.shelve(id, d, by, t, out, reason);
  }
  Refusal unshelve(const std::string& id, const std::string& by, WallTime t) {
    out.clear();
    return refusal = book.unshelve(id, by, t, out);
  }
  Refusal remove_from_service(const std::string& id, const std::string& by, WallTime t) {
    out.clear();
    return refusal = book.set_out_of_service(id, true, by, t, out);
  }
  Refusal return_to_service(const std::string& id, const std::string& by, WallTime t) {
    out.clear();
    return refusal = book.set_out_of_service(id, false, by, t, out);
  }
  // Raises the source's alarm and returns its id.
  std::string raise(const rules::Condition& c) {
    apply(c);
    REQUIRE(out.size() >= 1);
    REQUIRE(out.front().kind == AlarmEventKind::raised);
    return out.front().alarm_id;
  }
  const AlarmRecord& record(const std::string& id) const {
    const AlarmRecord* r = book.find(id);
    REQUIRE(r != nullptr);
    return *r;
  }
};

}  // namespace sw::alarms::test
