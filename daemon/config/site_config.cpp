// SPDX-License-Identifier: Apache-2.0
#include "config/site_config.hpp"
#include "core/calendar_date.hpp"
#include "core/hmac_sha256.hpp"

#include <cctype>
#include <deque>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "drivers/driver_registry.hpp"
#include "rules/point_rules_parser.hpp"
#include "rules/profile_library.hpp"

namespace sw::config {

namespace {

const Options<SiteSection>& site_options() {
  static const auto opts = [] {
    Options<SiteSection> o("site");
    o.require("enterprise_code", &SiteSection::enterprise_code,
              "the enterprise's code at the platform")
        .check([](const SiteSection& s) { return !s.enterprise_code.empty(); },
               "must not be empty");
    o.require("gateway_id", &SiteSection::gateway_id, "this gateway's id, unique in the enterprise")
        .check([](const SiteSection& s) { return !s.gateway_id.empty(); }, "must not be empty");
    o.add("name", &SiteSection::name, "the site's name, for people");
    o.add("site_type", &SiteSection::site_type,
          "kind of site; selects the standard that fault, calibration and power-not-cut alarms "
          "cite (overridable per point and profile; \"gas_station\", the old name of gas_site, "
          "loads with a warning)");
    o.add("gas_class", &SiteSection::gas_class,
          "coal mines (required there): 瓦斯等级 low (低瓦斯), high (高瓦斯) or outburst (突出); "
          "第七条(二) of the 判定标准 applies to high and outburst only");
    o.add("region_code", &SiteSection::region_code, "administrative district code");
    return o;
  }();
  return opts;
}

const Options<StoreSettings>& store_options() {
  static const auto opts = [] {
    Options<StoreSettings> o("store");
    o.add("path", &StoreSettings::path, "SQLite database (alarm ledger, outbox, history)");
    o.add("ledger_key_file", &StoreSettings::ledger_key_file,
          "HMAC key of the alarm ledger's chain, outside the store (at least 32 bytes, not "
          "world-readable); empty: the chain is plain SHA-256, which anyone with the file can "
          "recompute");
    o.add("outbox_max_messages", &StoreSettings::outbox_max_messages,
          "outbox bound; beyond it the oldest telemetry is dropped (counted), never alarms")
        .between(1000, 100'000'000);
    o.add("outbox_max_bytes", &StoreSettings::outbox_max_bytes,
          "outbox bound in bytes of payload (a few large resends must not fill the disk); "
          "beyond it the oldest telemetry is dropped (counted), never alarms")
        .check(
            [](const StoreSettings& s) {
              return s.outbox_max_bytes.bytes >= (std::int64_t{1} << 20);
            },
            "must be at least \"1MB\"");
    o.add("history_retention", &StoreSettings::history_retention,
          "how long point history is kept unless its profile says otherwise");
    o.add(
        "verify_interval", &StoreSettings::verify_interval,
        "how often the daemon walks the alarm ledger's chain (also once at start); a break "
        "raises an alarm (a major hazard on coal sites, 判定标准 第十八条(六)); 0: at start only");
    o.add("statistics_retention", &StoreSettings::statistics_retention,
          "how long 5-minute statistics are kept (at least as long as the point's history)");
    o.add("prune_interval", &StoreSettings::prune_interval,
          "unused: history is pruned a slice at a time after the rules thread's commits (still "
          "accepted, so that older files load)");
    o.add("max_size", &StoreSettings::max_size,
          "the store's file and WAL never grow past this; over it, the oldest history goes first "
          "(raw samples, then statistics), never the alarm ledger or unsent alarms")
        .check([](const StoreSettings& s) { return s.max_size.bytes >= (std::int64_t{1} << 20); },
               "must be at least \"1MB\"");
    o.add("min_free", &StoreSettings::min_free,
          "free space the store leaves on its filesystem: a percentage of it or a size; the "
          "store thins history rather than take it");
    return o;
  }();
  return opts;
}

const Options<ConsoleSettings>& console_options() {
  static const auto opts = [] {
    Options<ConsoleSettings> o("console");
    o.add("socket", &ConsoleSettings::socket, "Unix socket of sitewatchctl (mode 0660)");
    o.add("group", &ConsoleSettings::group,
          "the operators' group: may use the console socket, ack and shelve (not reload)");
    return o;
  }();
  return opts;
}

const Options<ReportSettings>& report_options() {
  static const auto opts = [] {
    Options<ReportSettings> o("report");
    o.add("since", &ReportSettings::since,
          "start of the campaign, YYYY-MM-DD: the monthly 调度表's cumulative counts begin at its "
          "local midnight (empty: from the first hazard record)")
        .check([](const ReportSettings& r) { return r.since.empty() || is_calendar_date(r.since); },
               "expected a date YYYY-MM-DD, e.g. \"2026-05-01\"");
    o.add("day", &ReportSettings::day,
          "day of the month the month's report goes to the platform as a `report` message (the "
          "调度表 is due before the 25th); a gateway not running that day sends it when it next "
          "runs that month")
        .between(1, 28);
    o.add("urgent_categories", &ReportSettings::urgent_categories,
          "categories of 重大事故隐患 whose record past its 期限 raises a priority-1 alarm "
          "(others priority 2; a record under 挂牌督办 always 1)");
    return o;
  }();
  return opts;
}

const Options<LogSettings>& log_options() {
  static const auto opts = [] {
    Options<LogSettings> o("log");
    o.add("level", &LogSettings::level, "trace, debug, info, warn, error")
        .check(
            [](const LogSettings& l) {
              return l.level == "trace" || l.level == "debug" || l.level == "info" ||
                     l.level == "warn" || l.level == "error";
            },
            "expected one of trace, debug, info, warn, error");
    return o;
  }();
  return opts;
}

const Options<RulesSettings>& rules_options() {
  static const auto opts = [] {
    Options<RulesSettings> o("rules");
    o.add("profile_dirs", &RulesSettings::profile_dirs,
          "directories of extra standard profiles (*.toml), loaded after the built-in ones");
    return o;
  }();
  return opts;
}

const Options<alarms::AlarmBookSettings>& alarm_options() {
  static const auto opts = [] {
    Options<alarms::AlarmBookSettings> o("alarms");
    o.add("chatter_count", &alarms::AlarmBookSettings::chatter_count,
          "raises within chatter_window that make an alarm chattering")
        .between(2, 1000);
    o.add("chatter_window", &alarms::AlarmBookSettings::chatter_window,
          "window for chattering, and how often a chattering alarm's held-back steps are counted "
          "to the platform");
    o.add("max_shelve", &alarms::AlarmBookSettings::max_shelve, "longest allowed shelving");
    o.add("allow_shelving_major_hazards", &alarms::AlarmBookSettings::allow_shelving_major_hazards,
          "whether operators may shelve major-hazard alarms");
    o.add("allow_out_of_service_major_hazards",
          &alarms::AlarmBookSettings::allow_out_of_service_major_hazards,
          "whether operators may take major-hazard alarms out of service (判定标准 第十八条(六): "
          "masking an "
          "exceedance is itself a major hazard)");
    o.add("max_out_of_service", &alarms::AlarmBookSettings::max_out_of_service,
          "an alarm out of service longer than this raises `masked` (屏蔽), priority 1, a major "
          "hazard where the point's masked_hazard_category says so; our site default (8h, a "
          "shift), not a standard's number; points and profiles may set their own; 0s: no "
          "reminder")
        .check([](const alarms::AlarmBookSettings& s) { return s.max_out_of_service.count() >= 0; },
               "expected a duration of 0s or more");
    o.add("unshelvable_priorities", &alarms::AlarmBookSettings::unshelvable_priorities,
          "alarm priorities (1..4) that cannot be shelved; shelving another priority-1 alarm "
          "needs a reason")
        .check(
            [](const alarms::AlarmBookSettings& s) {
              for (int p : s.unshelvable_priorities)
                if (p < 1 || p > 4) return false;
              return true;
            },
            "expected priorities 1..4");
    return o;
  }();
  return opts;
}

// The top-level keys and who reads them.
const std::set<std::string>& top_level_keys() {
  static const std::set<std::string> keys{"site",    "mqtt", "uplink",    "store",
                                          "console", "log",  "telemetry", "alarms",
                                          "rules",   "bus",  "rule",      "report"};
  return keys;
}

template <class T>
void parse_section(const toml::table& root, const std::string& key, const Options<T>& opts, T& out,
                   const Context& ctx, bool required = false) {
  const toml::table* tbl = table_at(root, key, ctx);
  if (tbl == nullptr) {
    if (required)
      throw ConfigError(ctx.position_of(root), key, "missing required section [" + key + "]");
    return;
  }
  opts.parse(*tbl, out, ctx.child(key));
}

// A coal mine must say its gas class (the articles its alarms cite depend on it); other sites
// have none.
void check_gas_class(const toml::table& root, const SiteSection& site, const Context& ctx) {
  const toml::table& table = *root.get("site")->as_table();
  const Context sctx = ctx.child("site");
  const bool coal = site.site_type == SiteType::coal_mine;
  if (coal && !site.gas_class)
    sctx.fail(table, "gas_class",
              "required for site_type = \"coal_mine\": \"low\" (低瓦斯), \"high\" (高瓦斯) or "
              "\"outburst\" (突出); it decides which 判定标准 articles the alarms cite");
  if (!coal && site.gas_class)
    sctx.fail(
        *table.get("gas_class"), "gas_class",
        "only for site_type = \"coal_mine\" (this site is \"" + enum_name(site.site_type) + "\")");
}

// The core's half of every point table: the keys all points share, and their rules.
class SitePointRegistrar final : public PointRegistrar {
 public:
  SitePointRegistrar(const rules::ProfileLibrary& profiles, std::string bus)
      : rules_parser_(profiles), bus_(std::move(bus)) {
    keys_ = info_options().keys();
    const auto& rule_keys = rules_parser_.keys();
    keys_.insert(rule_keys.begin(), rule_keys.end());
  }

  PointInfo& add_point(const toml::table& table, const Context& ctx, const std::string& device,
                       Millis poll_period, const std::set<std::string>& driver_keys) override {
    PointInfo info;
    std::set<std::string> others = driver_keys;
    others.insert(rules_parser_.keys().begin(), rules_parser_.keys().end());
    info_options().parse(table, info, ctx, others);
    info.bus = bus_;
    info.device = device;
    info.poll_period = poll_period;
    info.index = static_cast<PointIndex>(points_.size());
    const toml::node& id_at = *table.get("id");
    const SourcePosition here = ctx.position_of(id_at);
    if (info.id.starts_with("gateway."))
      // The gateway's own alarms (its ledger) use these ids (gateway_conditions.hpp).
      ctx.fail(id_at, "id", "point ids starting with \"gateway.\" are the gateway's own");
    const auto [first, fresh] = seen_.emplace(info.id, here);
    if (!fresh)
      // Both places: the reader must find the other one in a file of hundreds of points.
      ctx.fail(id_at, "id",
               "duplicate point id \"" + info.id + "\" (first defined at " + first->second.file +
                   ":" + std::to_string(first->second.line) + ":" +
                   std::to_string(first->second.column) + ")");
    rules::PointRules r = rules_parser_.parse(table, ctx, info, poll_period);
    r.point = info.id;
    points_.push_back(std::move(info));
    rules_.push_back(std::move(r));
    return points_.back();
  }
  const std::set<std::string>& point_keys() const override { return keys_; }

  void set_bus(std::string bus) { bus_ = std::move(bus); }
  // The points and their rules, moved out a block at a time: at 10,000 points each is megabytes,
  // and a copy (or a vector grown by doubling) was the largest part of start-up's peak memory.
  std::vector<PointInfo> take_points() { return drain(points_); }
  std::vector<rules::PointRules> take_rules() { return drain(rules_); }
  const rules::PointRulesParser& rules_parser() const { return rules_parser_; }

  static const Options<PointInfo>& info_options() {
    static const auto opts = [] {
      Options<PointInfo> o("point");
      o.require("id", &PointInfo::id, "unique point id across the site, e.g. \"face3.ch4\"")
          .check([](const PointInfo& p) { return valid_id(p.id); },
                 "expected letters, digits, '.', '-', '_' (starting with a letter)");
      o.add("name", &PointInfo::name, "name for people");
      o.add("quantity", &PointInfo::quantity, "what is measured: methane, co, o2, wind_speed, ...");
      o.add("unit", &PointInfo::unit, "unit of the value: %CH4, ppm, %vol, m/s, %LEL");
      o.add("location", &PointInfo::location, "where it is installed, as the site names it");
      o.add("decimals", &PointInfo::decimals,
            "resolution: values rounded to this many decimals before telemetry, alarms, "
            "statistics and the console (default: from the driver, e.g. Modbus scale 0.01 → 2, "
            "float32 → 7 significant digits)")
          .check([](const PointInfo& p) { return *p.decimals >= 0 && *p.decimals <= 12; },
                 "expected 0..12");
      return o;
    }();
    return opts;
  }

 private:
  template <typename T>
  static std::vector<T> drain(std::deque<T>& from) {
    std::vector<T> out;
    out.reserve(from.size());
    while (!from.empty()) {
      out.push_back(std::move(from.front()));
      from.pop_front();
    }
    return out;
  }

  static bool valid_id(const std::string& id) {
    if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) return false;
    for (char c : id)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
        return false;
    return true;
  }

  rules::PointRulesParser rules_parser_;
  std::string bus_;
  std::set<std::string> keys_;
  std::map<std::string, SourcePosition> seen_;  // point id → where it was first defined
  std::deque<PointInfo> points_;                // stable addresses: add_point hands out references
  std::deque<rules::PointRules> rules_;
};

void parse_buses(const toml::table& root, const Context& ctx, SitePointRegistrar& registrar,
                 SiteConfig& out) {
  std::set<std::string> bus_names;
  for_each_table(root, "bus", ctx, [&](const toml::table& bus, const Context& bctx) {
    ConfiguredBus cb;
    const toml::node* name = bus.get("name");
    const toml::node* driver = bus.get("driver");
    if (name == nullptr || !name->is_string())
      throw ConfigError(bctx.position_of(bus), bctx.key_path("name"),
                        "missing bus name (a string)");
    if (driver == nullptr || !driver->is_string())
      throw ConfigError(
          bctx.position_of(bus), bctx.key_path("driver"), "missing driver; available: " + [] {
            std::string s;
            for (const auto& n : DriverRegistry::instance().names())
              s += (s.empty() ? "" : ", ") + n;
            return s;
          }());
    cb.name = *name->value<std::string>();
    cb.driver = *driver->value<std::string>();
    if (!bus_names.insert(cb.name).second)
      bctx.fail(*name, "name", "duplicate bus name \"" + cb.name + "\"");
    const DriverFactory* factory = DriverRegistry::instance().find(cb.driver);
    if (factory == nullptr) {
      std::string avail;
      for (const auto& n : DriverRegistry::instance().names())
        avail += (avail.empty() ? "" : ", ") + n;
      bctx.fail(*driver, "driver", "unknown driver \"" + cb.driver + "\"; available: " + avail);
    }
    registrar.set_bus(cb.name);
    cb.instance = factory->configure(bus, bctx, registrar);
    out.buses.push_back(std::move(cb));
  });
}

}  // namespace

namespace {
// `gas_site` was called `gas_station` in docs/messages.md: a file written from it still loads,
// with a warning that names the one name.
void accept_old_site_type(toml::table& root, const Context& ctx,
                          std::vector<std::string>& warnings) {
  toml::table* site = root["site"].as_table();
  toml::node* type = site != nullptr ? site->get("site_type") : nullptr;
  if (type == nullptr || type->value_exact<std::string>() != "gas_station") return;
  const SourcePosition at = ctx.position_of(*type);
  warnings.push_back(at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": site.site_type: \"gas_station\" is the old name of \"gas_site\"; "
                     "write \"gas_site\"");
  type->as_string()->get() = "gas_site";
}
}  // namespace

SiteConfig parse_site_config(std::string_view text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw ConfigError({name, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)},
                      "", "TOML syntax: " + std::string(e.description()));
  }
  const Context ctx{name, ""};
  for (const auto& [key, node] : root) {
    const std::string k(key.str());
    if (!top_level_keys().count(k)) {
      std::string allowed;
      for (const auto& a : top_level_keys()) allowed += (allowed.empty() ? "" : ", ") + a;
      throw ConfigError(ctx.position_of(key), k, "unknown section; allowed are: " + allowed);
    }
  }

  SiteConfig cfg;
  cfg.source_file = name;
  accept_old_site_type(root, ctx, cfg.warnings);
  parse_section(root, "site", site_options(), cfg.site, ctx, true);
  check_gas_class(root, cfg.site, ctx);
  if (const toml::table* mqtt = table_at(root, "mqtt", ctx)) {
    cfg.mqtt = uplink::parse_mqtt_settings(*mqtt, ctx.child("mqtt"));
  } else {
    throw ConfigError(ctx.position_of(root), "mqtt", "missing required section [mqtt]");
  }
  if (cfg.mqtt.client_id.empty()) cfg.mqtt.client_id = "sitewatch-" + cfg.site.gateway_id;
  if (const toml::table* uplink = table_at(root, "uplink", ctx)) {
    const Context uctx = ctx.child("uplink");
    for (const auto& [key, node] : *uplink)
      if (key.str() != "format")
        uctx.fail(node, std::string(key.str()), "unknown key; allowed are: format");
    if (const toml::table* format = table_at(*uplink, "format", uctx))
      cfg.format = uplink::parse_message_format(*format, uctx.child("format"));
  }
  parse_section(root, "store", store_options(), cfg.store, ctx);
  if (!cfg.store.ledger_key_file.empty()) {
    const toml::table* store = root["store"].as_table();
    try {
      cfg.store.ledger_key = read_key_file(cfg.store.ledger_key_file);
    } catch (const std::exception& e) {
      const toml::node* at = store->get("ledger_key_file");
      ctx.child("store").fail(at != nullptr ? *at : static_cast<const toml::node&>(*store),
                              "ledger_key_file", e.what());
    }
  }
  parse_section(root, "console", console_options(), cfg.console, ctx);
  parse_section(root, "report", report_options(), cfg.report, ctx);
  parse_section(root, "log", log_options(), cfg.log, ctx);
  parse_section(root, "telemetry", telemetry::telemetry_options(), cfg.telemetry, ctx);
  parse_section(root, "alarms", alarm_options(), cfg.alarms, ctx);
  parse_section(root, "rules", rules_options(), cfg.rules, ctx);

  rules::ProfileLibrary profiles = rules::ProfileLibrary::builtin();
  for (const auto& dir : cfg.rules.profile_dirs) profiles.load_directory(dir);

  SitePointRegistrar registrar(profiles, "");
  parse_buses(root, ctx, registrar, cfg);
  // The buses' part of the document is read; at 10,000 points it is tens of megabytes of nodes.
  root.erase("bus");
  cfg.points = registrar.take_points();
  cfg.point_rules = registrar.take_rules();
  const HazardTexts hazard_texts = hazard_defaults(cfg.site.site_type, cfg.site.gas_class);
  for (auto& r : cfg.point_rules) apply_hazard_defaults(hazard_texts, r);
  for_each_table(root, "rule", ctx, [&](const toml::table& rule, const Context& rctx) {
    cfg.composites.push_back(registrar.rules_parser().parse_composite(rule, rctx));
  });
  rules::check_references(cfg.points, cfg.point_rules, cfg.composites);
  return cfg;
}

SiteConfig load_site_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({path, 0, 0}, "", "cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_site_config(ss.str(), path);
}

namespace {
template <class T>
void reference_section(std::string& out, const std::string& title, const Options<T>& opts) {
  out += "### " + title + "\n\n| key | type | default | description |\n|---|---|---|---|\n";
  for (const auto& d : opts.docs())
    out += "| `" + d.key + "` | " + d.type + " | " +
           (d.required ? "**required**" : "`" + d.default_text + "`") + " | " + d.description +
           " |\n";
  out += "\n";
}
void reference_docs(std::string& out, const std::string& title,
                    const std::vector<OptionDoc>& docs) {
  out += "### " + title + "\n\n| key | type | default | description |\n|---|---|---|---|\n";
  for (const auto& d : docs)
    out += "| `" + d.key + "` | " + d.type + " | " +
           (d.required ? "**required**" : "`" + d.default_text + "`") + " | " + d.description +
           " |\n";
  out += "\n";
}
}  // namespace

namespace {
// "1.5", "0.25": thresholds as the standards write them.
std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Every built-in profile with its levels and clause: a site picks them by name, so the reference
// must list them (issue 18: docs/config.md listed no profile names).
void profile_list(std::string& out, const rules::ProfileLibrary& profiles) {
  out += "### Built-in profiles (`profile = \"…\"` on a point)\n\n";
  out += "| profile | what | unit | levels (trip / restore, priority) | clause |\n";
  out += "|---|---|---|---|---|\n";
  for (const auto& name : profiles.names()) {
    const rules::Profile* p = profiles.find(name);
    std::string levels;
    for (const auto& l : p->limits) {
      const char* op = l.direction == rules::Direction::high ? "≥ " : "< ";
      levels += (levels.empty() ? "" : "; ") + l.level + (l.label.empty() ? "" : " " + l.label) +
                " " + op + number_text(l.threshold) + " / " + number_text(l.restore_level()) +
                ", p" + std::to_string(l.priority) + (l.cuts_power ? ", cuts power" : "");
    }
    out += "| `" + name + "` | " + p->description + " " + p->label + " | " + p->unit + " | " +
           (levels.empty() ? "—" : levels) + " | " + p->clause + " |\n";
  }
  out += "\n";
}
}  // namespace

std::string config_reference_markdown() {
  std::string out;
  reference_section(out, "[site]", site_options());
  reference_section(out, "[mqtt]", uplink::mqtt_options());
  reference_section(out, "[mqtt.tls]", uplink::tls_options());
  reference_section(out, "[mqtt.commands]", uplink::command_auth_options());
  reference_section(out, "[uplink.format]", uplink::message_format_options());
  out +=
      "`fields` (table of strings, default none): envelope field names as the platform spells "
      "them, e.g. `fields = { id = \"dataId\", time = \"collectTime\" }`; only envelope fields "
      "may be renamed, each to a distinct name.\n\n";
  reference_section(out, "[store]", store_options());
  reference_section(out, "[console]", console_options());
  reference_section(out, "[report]", report_options());
  reference_section(out, "[log]", log_options());
  reference_section(out, "[telemetry]", telemetry::telemetry_options());
  reference_section(out, "[alarms]", alarm_options());
  reference_section(out, "[rules]", rules_options());
  reference_section(out, "points: keys every point has", SitePointRegistrar::info_options());
  static const rules::ProfileLibrary profiles = rules::ProfileLibrary::builtin();
  rules::PointRulesParser parser(profiles);
  reference_docs(out, "points: rule keys", parser.docs());
  reference_docs(out, "[[rule]]: composite rules", rules::PointRulesParser::composite_docs());
  reference_docs(out, "profiles (config/profiles/*.toml): entry keys", rules::profile_docs());
  profile_list(out, profiles);
  for (const auto& name : DriverRegistry::instance().names()) {
    const DriverFactory* f = DriverRegistry::instance().find(name);
    if (f->docs)
      for (const auto& [section, docs] : f->docs())
        reference_docs(out, "driver " + name + ": " + section, docs);
  }
  return out;
}

}  // namespace sw::config
