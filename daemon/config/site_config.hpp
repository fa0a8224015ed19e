// SPDX-License-Identifier: Apache-2.0
#pragma once
// The whole site config file: every section of every module, the buses through the driver
// registry, points with their rules, composite rules. Loading validates everything and does no I/O
// beyond reading the file (and profile directories), so `sitewatchd --check-config` can trust it.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "alarms/alarm_book.hpp"
#include "config/site_hazard_defaults.hpp"
#include "core/byte_size.hpp"
#include "core/point.hpp"
#include "drivers/bus_driver.hpp"
#include "rules/point_rules.hpp"
#include "telemetry/telemetry_settings.hpp"
#include "uplink/message_format.hpp"
#include "uplink/mqtt_settings.hpp"

namespace sw::config {

template <>
struct EnumNames<SiteType> {
  static constexpr std::array<std::pair<SiteType, std::string_view>, 5> values{{
      {SiteType::coal_mine, "coal_mine"},
      {SiteType::non_coal_mine, "non_coal_mine"},
      {SiteType::chemical_plant, "chemical_plant"},
      {SiteType::gas_site, "gas_site"},
      {SiteType::other, "other"},
  }};
};

template <>
struct EnumNames<GasClass> {
  static constexpr std::array<std::pair<GasClass, std::string_view>, 3> values{{
      {GasClass::low, "low"},
      {GasClass::high, "high"},
      {GasClass::outburst, "outburst"},
  }};
};

struct SiteSection {
  std::string enterprise_code;  // the enterprise's code at the platform
  std::string gateway_id;       // this gateway's id, unique within the enterprise
  std::string name;
  SiteType site_type = SiteType::coal_mine;
  // A coal mine's gas class (低瓦斯 / 高瓦斯 / 突出), required there: it decides which articles of
  // the 判定标准 its alarms cite (第七条 applies to high-gas and outburst mines only).
  std::optional<GasClass> gas_class;
  std::string region_code;  // administrative district code, for provincial envelopes
};

struct StoreSettings {
  std::string path = "/var/lib/sitewatch/sitewatch.db";
  // The ledger chain's HMAC key, kept outside the store (alarm_ledger.hpp); empty: plain SHA-256.
  std::string ledger_key_file;
  std::string ledger_key;  // read from ledger_key_file when the config is loaded; never logged
  std::int64_t outbox_max_messages = 1'000'000;  // beyond this, the oldest telemetry is dropped
  ByteSize outbox_max_bytes{std::int64_t{256} << 20};  // or beyond this much payload
  Millis history_retention{30LL * 86'400'000};  // 40号令 第13条: records kept ≥ 30 days
  // 5-minute statistics outlive raw history (coal methane: statistics ≥ 2 years, DOMAIN.md); a
  // point keeps them for the longer of this and its own retention.
  Millis statistics_retention{730LL * 86'400'000};
  // The ledger's chain is walked at start and then this often (ledger_watch.hpp); 0: start only.
  Millis verify_interval{3'600'000};
  Millis prune_interval{60'000};  // unused since maintain(): still accepted in files
  // The disk budget: the store (file + WAL) never grows past max_size, nor leaves less than
  // min_free on its filesystem. Over it, history is thinned; the ledger and unsent alarms never.
  ByteSize max_size{std::int64_t{1} << 30};
  FreeSpace min_free{5, std::nullopt};
};

struct ConsoleSettings {
  std::string socket = "/run/sitewatch/console.sock";
  std::string group = "sitewatch-ops";
};

// The monthly 调度表 (sitewatchctl report): its cumulative counts start at the campaign's start.
struct ReportSettings {
  std::string since;  // YYYY-MM-DD, local midnight; empty: from the first record
  // The day of the month the month's report goes to the platform (the 调度表 is due before the
  // 25th): on that day, or the first day after it the gateway runs.
  std::int64_t day = 20;
  // Categories of 重大事故隐患 whose record, left past its 期限, raises a priority-1 overdue alarm
  // (others 2; one under 挂牌督办 always 1): those where an explosive or toxic atmosphere may be
  // present with nothing to stop it, so a missed deadline is as urgent as the exceedance itself.
  std::vector<std::string> urgent_categories{"瓦斯超限作业", "自动化控制系统、紧急停车系统未投用",
                                             "可燃和有毒气体检测报警不能正常运行",
                                             "燃气泄漏报警不能正常工作"};
};

struct LogSettings {
  std::string level = "info";
};

struct RulesSettings {
  std::vector<std::string> profile_dirs;  // extra profile directories, after the built-in ones
};

struct ConfiguredBus {
  std::string name;
  std::string driver;
  std::unique_ptr<BusDriver> instance;
};

struct SiteConfig {
  std::string source_file;
  SiteSection site;
  uplink::MqttSettings mqtt;
  uplink::MessageFormat format;
  StoreSettings store;
  ConsoleSettings console;
  ReportSettings report;
  LogSettings log;
  telemetry::TelemetrySettings telemetry;
  alarms::AlarmBookSettings alarms;
  RulesSettings rules;
  std::vector<PointInfo> points;
  std::vector<rules::PointRules> point_rules;
  std::vector<rules::CompositeRule> composites;
  std::vector<ConfiguredBus> buses;
  // What the file gets away with but should not ("file:line:column: key: text"): printed by
  // --check-config, logged at start and sent to the platform as `config_warning` events.
  std::vector<std::string> warnings;
};

// Reads and validates a config file. Throws ConfigError (file:line:column: key: problem).
SiteConfig load_site_config(const std::string& path);
// The same from text; `name` stands for the file in messages.
SiteConfig parse_site_config(std::string_view text, const std::string& name);

// The reference of every section's keys (for --print-config-reference and docs/config.md).
std::string config_reference_markdown();

}  // namespace sw::config
