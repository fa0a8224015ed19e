// SPDX-License-Identifier: Apache-2.0
// A broker whose ACL denies the gateway's alarm topic (a misconfigured platform account): on MQTT 5
// every alarm is refused with PUBACK 0x87. The daemon sets each aside as a dead letter after three
// refusals instead of sending it again at every connection for ever; the platform hears of it on
// …/event and in the heartbeat; the console lists them; once the ACL is mended an operator puts
// them back and they arrive, marked resent.
#include "fault_helpers.hpp"

#include "support/temp_dir.hpp"

using namespace sw::test;
using namespace sw::test::faults;

namespace {

bool heartbeat_with_dead_letters(const CapturedMessage& m) {
  if (!online_status(m)) return false;
  const json j = m.json();
  return j["data"].contains("health") && j["data"]["health"].value("dead_letters", 0) > 0 &&
         j["data"]["health"]["uplink"].value("set_aside", 0) > 0;
}

}  // namespace

TEST_CASE(
    "alarms the broker refuses become dead letters the platform and console are told of, and "
    "arrive once the ACL is mended and an operator puts them back") {
  TempDir acl_dir;
  const std::string acl = acl_dir.file("acl");
  write_text(acl, "topic readwrite #\ntopic deny sitewatch/+/+/alarm\n");
  SiteOptions options = late_leak_site(4);
  options.broker.extra_config = "acl_file " + acl + "\n";
  options.replace.emplace("topic_prefix = \"sitewatch\"",
                          "topic_prefix = \"sitewatch\"\nversion = 5");
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  REQUIRE(platform.wait_for(online_status, 20s));

  // The leak raises its alarm; refused three times, it is set aside and the platform told.
  const auto told = platform.wait_for(
      [](const CapturedMessage& m) { return is_gateway_event(m, "messages_set_aside"); }, 90s);
  INFO(site.daemon_logs());
  REQUIRE(told);
  CHECK(told->json()["data"]["detail"]["dead_letters"].get<int>() >= 1);
  REQUIRE(platform.wait_for(heartbeat_with_dead_letters, 10s));
  CHECK(alarm_messages(platform).empty());
  CHECK(site.daemon().running());

  const json outbox = ctl_json(site, "outbox");
  REQUIRE(outbox.is_object());
  CHECK(outbox["dead_letters"].get<int>() >= 1);
  REQUIRE_FALSE(outbox["dead"].empty());
  CHECK(outbox["dead"][0]["lane"] == "alarm");
  CHECK(outbox["dead"][0]["point"] == "face3.ch4");
  CHECK_THAT(outbox["dead"][0]["reason"].get<std::string>(), Catch::Contains("135"));
  const auto [rc, text] = site.ctl("outbox");
  CHECK(rc == 0);
  CHECK_THAT(text, Catch::Contains("Dead letters") && Catch::Contains("Not authorized"));

  // The ACL mended; the broker restarted with it; an operator puts the dead letters back.
  write_text(acl, "topic readwrite #\n");
  site.broker().restart();
  MqttCapture mended(site.broker().uri(), "sitewatch/#");
  REQUIRE(wait_until(
      [&] {
        const json status = ctl_json(site, "status");
        return status.is_object() && status["mqtt"].value("connected", false);
      },
      20s, 100ms));
  const auto [requeue_rc, requeued] = site.ctl("outbox --requeue --by alice");
  CHECK(requeue_rc == 0);
  CHECK_THAT(requeued, Catch::Contains("put back in the outbox"));
  REQUIRE(wait_until([&] { return !alarm_messages(mended).empty(); }, 20s, 100ms));
  REQUIRE(wait_until(
      [&] {
        const auto arrived = alarm_messages(mended);
        return std::any_of(arrived.begin(), arrived.end(), [](const AlarmMessage& a) {
          return a.resent && a.point == "face3.ch4";
        });
      },
      20s, 100ms));
  CHECK(ctl_json(site, "outbox")["dead_letters"] == 0);
  CHECK_THAT(site.daemon_logs(),
             Catch::Contains("put back in the outbox, asked by the console: alice"));
}
