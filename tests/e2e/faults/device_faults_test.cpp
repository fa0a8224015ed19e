// SPDX-License-Identifier: Apache-2.0
// Field devices misbehave on cue (sitewatch-sim fault windows, scenarios/device_faults.toml): one
// stops answering, one answers exceptions, one answers garbage, one answers too late, one drops the
// connection. Each is reported with the quality it deserves and a sensor-fault alarm, none shows a
// value that looks real, the healthy device beside them keeps being read, and all recover by
// themselves when the window ends.
#include "fault_helpers.hpp"

#include <ctime>
#include <iostream>

using namespace sw::test;
using namespace sw::test::faults;

namespace {

// "2026-11-29T01:55:59.870Z" → epoch milliseconds (the daemon's iso8601 time format).
std::int64_t epoch_ms_of(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) != 7)
    throw std::runtime_error("not an iso8601 time: " + text);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + millis;
}

struct PointSample {
  std::int64_t time_ms = 0;  // when it was read
  std::string quality;
  json value;
  std::string reason;
};

// Every sample of `point` the platform got in telemetry, by read time, each read once.
std::vector<PointSample> samples_of(const MqttCapture& platform, const std::string& point) {
  std::map<std::int64_t, PointSample> by_time;
  for (const auto& m : platform.messages()) {
    if (m.topic.find("/telemetry") == std::string::npos) continue;
    const json j = m.json();
    if (!j.is_object() || j.value("kind", "") != "telemetry") continue;
    for (const auto& p : j["data"]["points"]) {
      if (p.value("point", "") != point) continue;
      PointSample s;
      s.time_ms = epoch_ms_of(p.at("time").get<std::string>());
      s.quality = p.value("quality", "");
      s.value = p.value("value", json());
      s.reason = p.value("reason", "");
      by_time[s.time_ms] = s;
    }
  }
  std::vector<PointSample> out;
  for (auto& [t, s] : by_time) out.push_back(std::move(s));
  return out;
}

// The stretch of failed reads: from the first sample that is not good to the last one.
struct Outage {
  std::int64_t first_bad_ms = 0, last_bad_ms = 0;
  std::int64_t last_good_before_ms = 0;  // the last good read before it
  bool good_after = false;               // read well again afterwards
  std::vector<PointSample> bad;
};

Outage outage_of(const std::vector<PointSample>& samples) {
  Outage o;
  for (const auto& s : samples) {
    if (s.quality == "good") {
      if (o.bad.empty()) o.last_good_before_ms = s.time_ms;
      continue;
    }
    if (o.bad.empty()) o.first_bad_ms = s.time_ms;
    o.last_bad_ms = s.time_ms;
    o.bad.push_back(s);
  }
  for (const auto& s : samples)
    if (!o.bad.empty() && s.time_ms > o.last_bad_ms && s.quality == "good") o.good_after = true;
  return o;
}

bool fault_alarm(const AlarmMessage& m, const std::string& point, const std::string& event) {
  return m.point == point && m.rule == "sensor_fault" && m.event == event;
}

}  // namespace

TEST_CASE(
    "misbehaving devices get their own quality and a sensor-fault alarm, the healthy one keeps "
    "being read, and all recover by themselves") {
  SiteOptions options;
  options.scenario = "tools/sitewatch-sim/scenarios/device_faults.toml";
  options.config = "tests/e2e/faults/device_faults_site.toml";
  options.speed = 1;
  options.start_daemon = false;  // the platform listens from the daemon's first message on
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();

  const std::vector<std::string> faulty = {"t2.ch4", "f.co", "f.o2", "f.wind", "t3.ch4"};
  // Every faulty point's sensor-fault alarm is raised and, once its window (scenario seconds 4 to
  // 12) is over, cleared — with nobody touching anything.
  const bool all_recovered = wait_until(
      [&] {
        const auto alarms = alarm_messages(platform);
        for (const auto& point : faulty) {
          const auto cleared = std::any_of(alarms.begin(), alarms.end(), [&](const auto& m) {
            return fault_alarm(m, point, "cleared");
          });
          if (!cleared || !outage_of(samples_of(platform, point)).good_after) return false;
        }
        return true;
      },
      40s, 100ms);
  INFO(site.daemon().log());
  REQUIRE(all_recovered);
  const auto alarms = alarm_messages(platform);

  for (const auto& point : faulty) {
    INFO("point " << point);
    const auto samples = samples_of(platform, point);
    const Outage out = outage_of(samples);
    REQUIRE_FALSE(out.bad.empty());
    CHECK(out.good_after);
    // A failed read never carries a value that looks real, and says why.
    for (const auto& s : out.bad) {
      CHECK(s.value.is_null());
      CHECK_FALSE(s.reason.empty());
    }
    // Raised at the level "fault", after the bad reads began; cleared after they ended.
    const auto raised = std::find_if(alarms.begin(), alarms.end(), [&](const auto& m) {
      return fault_alarm(m, point, "raised");
    });
    REQUIRE(raised != alarms.end());
    const auto cleared = std::find_if(alarms.begin(), alarms.end(), [&](const auto& m) {
      return fault_alarm(m, point, "cleared");
    });
    REQUIRE(cleared != alarms.end());
    CHECK(cleared->alarm_id == raised->alarm_id);
    CHECK(cleared->received > raised->received);
    CHECK_FALSE(raised->resent);
  }

  // Silent: comm_loss within two poll periods (500 ms) of the last good read, plus the time a
  // read may wait for its answer (300 ms, once more for a device that answered last cycle).
  {
    const Outage silent = outage_of(samples_of(platform, "t2.ch4"));
    for (const auto& s : silent.bad) CHECK(s.quality == "comm_loss");
    const auto gap = silent.first_bad_ms - silent.last_good_before_ms;
    std::cout << "[figure] silent device: last good read to first comm_loss: " << gap << " ms\n";
    CHECK(gap <= 2 * 500 + 2 * 300);
    // fault_after = 1s: the alarm waits for a second of failed reads, and says so in its time.
    for (const auto& m : alarms) {
      if (!fault_alarm(m, "t2.ch4", "raised")) continue;
      const auto wait = epoch_ms_of(m.time) - silent.first_bad_ms;
      std::cout << "[figure] silent device: first comm_loss to the sensor-fault alarm: " << wait
                << " ms (fault_after 1s)\n";
      CHECK(wait >= 950);
      CHECK(wait <= 2500);
    }
  }

  // Exception 04: device_fault, with the device's own answer as the reason.
  for (const auto& s : outage_of(samples_of(platform, "f.co")).bad) {
    CHECK(s.quality == "device_fault");
    CHECK(s.reason.find("exception 04") != std::string::npos);
  }
  // Garbage, a late answer, a dropped connection: comm_loss.
  for (const auto& point : {"f.o2", "f.wind", "t3.ch4"}) {
    INFO("point " << point);
    for (const auto& s : outage_of(samples_of(platform, point)).bad)
      CHECK(s.quality == "comm_loss");
  }
  // A late answer is never taken for the answer to a later request: between the first and the last
  // failed read of the late device there is no good value at all.
  {
    const Outage late = outage_of(samples_of(platform, "f.wind"));
    for (const auto& s : samples_of(platform, "f.wind"))
      if (s.time_ms >= late.first_bad_ms && s.time_ms <= late.last_bad_ms)
        CHECK(s.quality != "good");
  }

  // The healthy device on the same line kept its schedule while its neighbours failed: good
  // reads throughout, never more than a few poll periods apart.
  {
    const Outage silent = outage_of(samples_of(platform, "t2.ch4"));
    const auto healthy = samples_of(platform, "t1.ch4");
    std::int64_t previous = 0, widest = 0;
    int during = 0;
    for (const auto& s : healthy) {
      INFO("t1.ch4 at " << s.time_ms << ": " << s.quality << " " << s.reason);
      CHECK(s.quality == "good");
      if (s.time_ms < silent.first_bad_ms || s.time_ms > silent.last_bad_ms) continue;
      ++during;
      if (previous != 0) widest = std::max(widest, s.time_ms - previous);
      previous = s.time_ms;
    }
    std::cout << "[figure] healthy device during the others' faults: " << during
              << " good reads, widest gap " << widest << " ms\n";
    CHECK(during >= 8);
    CHECK(widest <= 1500);
    const auto stray = std::find_if(alarms.begin(), alarms.end(),
                                    [](const AlarmMessage& m) { return m.point == "t1.ch4"; });
    CHECK(stray == alarms.end());
  }

  // At the end every device is online again.
  const json devices = ctl_json(site, "devices");
  REQUIRE(devices.is_array());
  for (const auto& d : devices) {
    INFO(d.dump());
    CHECK(d.value("online", false));
  }
}
