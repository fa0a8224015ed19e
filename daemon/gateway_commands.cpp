// SPDX-License-Identifier: Apache-2.0
#include "gateway_commands.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "commissioning_commands.hpp"
#include "console/access.hpp"
#include "console/console_error.hpp"
#include "console/handler_args.hpp"
#include "core/untrusted_text.hpp"
#include "gateway.hpp"
#include "hazard_commands.hpp"
#include "report_command.hpp"
#include "rules/close_names.hpp"
#include "rules/point_table.hpp"
#include "uplink/message_format.hpp"
#include "uplink/resend_governor.hpp"

namespace sw {

namespace {

using console::ConsoleError;
using console::ErrorCode;
using nlohmann::json;

// How long a console or platform command waits for the rules thread.
constexpr Millis kActionTimeout{5000};

// Console fields documented as "null when none" rather than "".
json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json time_or_null(const std::optional<WallTime>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

json optional_ms(const std::optional<Millis>& d) {
  return d ? json(d->count()) : json(nullptr);
}

// A point's feeds for `limits`: null without one, the id for one (as before several were
// allowed), an array of ids for several.
json feed_json(const rules::PointTable& table, const rules::RulePoint& p) {
  if (p.feeds.empty()) return nullptr;
  if (p.feeds.size() == 1) return table[p.feeds.front()].id;
  json ids = json::array();
  for (std::uint32_t f : p.feeds) ids.push_back(table[f].id);
  return ids;
}

// One point of `limits` (docs/console.md), as the hazard engine judges it: its settings are
// resolved from profile and overrides when the config is read, and shared between points.
json limits_json(const rules::PointTable& table, std::size_t i) {
  const rules::RulePoint& p = table[i];
  const rules::RuleSettings& r = *p.settings;
  json levels = json::array();
  for (const auto& l : r.limits)
    levels.push_back({{"level", l.level},
                      {"label", l.label},
                      {"direction", l.direction == rules::Direction::high ? "above" : "below"},
                      {"threshold", l.threshold},
                      {"restore", l.restore_level()},
                      {"on_delay_ms", l.on_delay.count()},
                      {"off_delay_ms", l.off_delay.count()},
                      {"priority", l.priority},
                      {"cuts_power", l.cuts_power},
                      {"major_hazard", l.major_hazard},
                      {"hazard_category", l.hazard_category},
                      {"clause", l.clause},
                      {"origin", rules::to_string(l.origin)}});
  const auto millis_or_null = [](Millis d) {
    return d.count() > 0 ? json(d.count()) : json(nullptr);
  };
  return {{"id", p.id},
          {"name", p.name},
          {"unit", p.unit},
          {"profile", text_or_null(r.profile)},
          {"levels", std::move(levels)},
          {"range", r.range ? json{{"min", r.range->min}, {"max", r.range->max}} : json(nullptr)},
          {"feed", feed_json(table, p)},
          {"cut_time_ms", r.cut_time.count()},
          {"cut_scope", text_or_null(r.cut_scope)},
          {"fault_after_ms", r.fault_after.count()},
          {"major_fault_after_ms", optional_ms(r.major_fault_after)},
          {"stale_after_ms", millis_or_null(p.stale_after)},
          {"fault_clause", r.fault_clause}};
}

json alarm_json(const alarms::AlarmRecord& a,
                const std::unordered_map<PointId, PointInfo>& points) {
  const auto it = points.find(a.point);
  return {{"alarm_id", a.alarm_id},
          {"state", to_string(a.state)},
          {"active", a.condition_active},
          {"rule", a.rule},
          {"level", a.level},
          {"priority", a.priority},
          {"point", a.point},
          {"location", it == points.end() ? "" : it->second.location},
          {"unit", it == points.end() ? "" : it->second.unit},
          {"value", a.value},
          {"peak", a.peak},
          {"threshold", a.threshold ? json(*a.threshold) : json(nullptr)},
          {"major_hazard", a.major_hazard},
          {"hazard_category", a.hazard_category},
          {"clause", a.clause},
          {"message", a.message},
          {"raised_at", format_iso8601(a.raised_at)},
          {"shelved_until", time_or_null(a.shelved_until)},
          {"acked_by", a.acked_by.empty() ? json(nullptr) : json(a.acked_by)},
          {"acked_at", time_or_null(a.acked_at)},
          {"chattering", a.chattering}};
}

// One row of `closed-alarms`: docs/console.md.
json closed_alarm_json(const store::ClosedAlarm& c) {
  return {{"alarm_id", c.alarm_id},
          {"rule", c.rule},
          {"level", c.level},
          {"priority", c.priority},
          {"point", c.point.id},
          {"name", c.point.name},
          {"location", c.point.location},
          {"unit", c.point.unit},
          {"peak", std::isfinite(c.peak) ? json(c.peak) : json(nullptr)},
          {"threshold", c.threshold ? json(*c.threshold) : json(nullptr)},
          {"major_hazard", c.major_hazard},
          {"hazard_category", c.hazard_category},
          {"clause", c.clause},
          {"message", c.message},
          {"raised_at", format_iso8601(c.raised_at)},
          {"returned_at", time_or_null(c.returned_at)},
          {"acked_at", time_or_null(c.acknowledged_at)},
          {"acked_by", text_or_null(c.acknowledged_by)},
          {"closed_at", format_iso8601(c.closed_at)},
          {"duration_s", std::chrono::duration<double>(c.closed_at - c.raised_at).count()},
          {"steps", c.steps}};
}

std::unordered_map<PointId, PointInfo> point_index(const LiveState& state) {
  std::unordered_map<PointId, PointInfo> out;
  for (const auto& p : state.points) out[p.info->id] = *p.info;
  return out;
}

json outbox_json(const store::OutboxStats& s) {
  return {{"depth", s.depth},
          {"bytes", s.bytes},
          {"by_lane",
           {{"alarm", s.by_lane[0]},
            {"event", s.by_lane[1]},
            {"status", s.by_lane[2]},
            {"telemetry", s.by_lane[3]}}},
          {"dropped_telemetry", s.dropped_telemetry},
          {"dead_letters", s.dead_letters},
          {"oldest", time_or_null(s.oldest)}};
}

// The console shows this many dead letters (the oldest); the count says how many there are.
constexpr std::size_t kDeadLettersShown = 50;

json dead_letters_json(const std::vector<store::DeadLetter>& dead) {
  json out = json::array();
  for (const auto& d : dead)
    out.push_back({{"lane", store::to_string(d.message.lane)},
                   {"seq", d.message.seq},
                   {"id", d.message.id},
                   {"topic", d.message.topic},
                   {"point", d.message.point},
                   {"created", format_iso8601(d.message.created)},
                   {"set_aside", format_iso8601(d.set_aside)},
                   {"reason", d.reason}});
  return out;
}

json status_json(Gateway& g) {
  const auto config = g.config();  // the snapshot in effect, whatever a reload does meanwhile
  const auto& cfg = *config;
  const auto state = g.live_state();
  const auto devices = g.device_status();
  std::size_t online = 0;
  for (const auto& d : devices) online += d.online ? 1 : 0;
  std::map<std::string, int> by_level;
  std::size_t unacked = 0, major = 0, out_of_service = 0, out_of_service_too_long = 0;
  for (const auto& a : state->alarms) {
    if (a.state == AlarmState::out_of_service) ++out_of_service;
    // The `masked` reminder of an alarm out of service past its limit, while it lasts.
    if (alarms::AlarmBook::is_reminder_source(a.source) && a.condition_active)
      ++out_of_service_too_long;
    if (a.condition_active) ++by_level[a.level];
    if (a.state == AlarmState::unacknowledged || a.state == AlarmState::returned_unacknowledged)
      ++unacked;
    if (a.major_hazard && a.condition_active) ++major;
  }
  json mqtt = {{"connected", false}};
  if (auto u = g.uplink_state()) {
    mqtt = {{"connected", u->connected},   {"broker", u->broker},
            {"client_id", u->client_id},   {"since", time_or_null(u->since)},
            {"last_error", u->last_error}, {"last_error_at", time_or_null(u->last_error_at)},
            {"session", u->session},       {"reconnects", u->reconnects},
            {"published", u->published},   {"acknowledged", u->acknowledged},
            {"in_flight", u->in_flight}};
  }
  const auto storage = g.store().health();
  // The 隐患台账: records not closed, and those past their 期限 (the reminder's subject).
  std::vector<store::HazardRecord> open;
  g.store().read_hazards([&](store::HazardRegister& r) { open = r.list(false); });
  json overdue = json::array();
  const WallTime now = WallClock::now();
  for (const auto& r : open)
    if (store::is_overdue(r, now)) overdue.push_back(r.id);
  return {
      {"gateway_id", cfg.site.gateway_id},
      {"enterprise", cfg.site.enterprise_code},
      {"site", cfg.site.name},
      {"site_type", config::enum_name(cfg.site.site_type)},
      {"version", SITEWATCH_VERSION},
      {"started_at", format_iso8601(g.started_at())},
      {"uptime_s",
       std::chrono::duration_cast<std::chrono::seconds>(WallClock::now() - g.started_at()).count()},
      {"mqtt", mqtt},
      {"outbox", outbox_json(g.store().outbox_stats())},
      {"devices", {{"online", online}, {"total", devices.size()}}},
      {"points", state->points.size()},
      {"alarms",
       {{"active_by_level", by_level},
        {"unacknowledged", unacked},
        {"major_hazards", major},
        {"out_of_service", out_of_service},
        {"out_of_service_too_long", out_of_service_too_long}}},
      {"samples", {{"processed", state->samples_processed}, {"refused", state->samples_refused}}},
      {"storage",
       {{"ok", storage.ok},
        {"problem", storage.problem},
        {"failed_commits", storage.failed_commits},
        {"events_not_ledgered", storage.events_not_ledgered},
        {"note", storage.opened_note},
        {"size_bytes", storage.size_bytes},
        {"budget_bytes", storage.budget_bytes},
        {"over_budget", storage.over_budget},
        {"ledger", g.ledger_status(storage)},
        {"statistics_seal", g.statistics_seal_status(storage)}}},
      {"hazards", {{"open", open.size()}, {"overdue", overdue.size()}, {"overdue_ids", overdue}}}};
}

OperatorAnswer act(Gateway& g, OperatorRequest::Kind kind, const std::string& alarm_id,
                   const std::string& by, Millis duration = Millis{0}, std::string reason = {}) {
  auto request = std::make_unique<OperatorRequest>();
  request->kind = kind;
  request->alarm_id = alarm_id;
  request->by = by;
  request->duration = duration;
  request->reason = std::move(reason);
  return g.operator_action(std::move(request), kActionTimeout);
}

// "no samples" for a typo would look like a dead sensor: a point the config does not have (and
// whose history is empty, so not one removed by a reload) is refused, with the names meant.
void refuse_unknown_point(Gateway& g, const std::string& point) {
  const auto state = g.live_state();
  std::vector<std::string> ids;
  if (state->point_table)
    for (const auto& p : *state->point_table) {
      if (p.id == point) return;
      ids.push_back(p.id);
    }
  throw console::ConsoleError(console::ErrorCode::refused,
                              "unknown point \"" + point + "\"; close names: " +
                                  rules::join_names(rules::close_names(point, ids)));
}

// The console's answer to an alarm action: the state after it, or a refusal with its reason.
json action_result(const std::string& alarm_id, const OperatorAnswer& a) {
  if (a.refusal) throw ConsoleError(ErrorCode::refused, *a.refusal);
  json out{{"alarm_id", alarm_id}, {"state", a.state}};
  if (a.shelved_until) out["shelved_until"] = format_iso8601(*a.shelved_until);
  return out;
}

// The operator's name, checked as on the MQTT path, and who the kernel says is asking; both go
// into the ledger and the log: "alice (uid 1000)", "shift-lead (as alice, uid 1000)".
std::string who(const json& args, const console::Peer& peer) {
  const auto by = console::optional_string_arg(args, "by");
  if (by) {
    if (auto problem = operator_name_problem(*by))
      throw ConsoleError(ErrorCode::bad_request, "argument \"by\": " + *problem);
  }
  if (!by || *by == peer.user) return console::describe(peer);
  return *by + " (" + (peer.user.empty() ? "" : "as " + peer.user + ", ") + "uid " +
         std::to_string(peer.uid) + ")";
}

// An alarm action from the console, logged with who asked before it goes to the rules thread.
json console_action(Gateway& g, const char* name, OperatorRequest::Kind kind, const json& args,
                    const console::Peer& peer, Millis duration = Millis{0},
                    std::string reason = {}) {
  const auto id = console::string_arg(args, "alarm_id");
  const std::string by = who(args, peer);
  spdlog::info("[console] {} {} by {} (pid {})", name, escape_for_log(id), escape_for_log(by),
               peer.pid);
  return action_result(id, act(g, kind, id, by, duration, std::move(reason)));
}

// A platform resend, within what the governor allows: the parts of the range not resent within
// the hour, one at a time, while the byte budget lasts; a part cut at kMaxResendRows ends the
// resend there and says where to ask again from.
json resend(Gateway& g, uplink::ResendGovernor& governor, WallTime from, WallTime to) {
  auto admitted = governor.admit(from, to, SteadyClock::now());
  if (auto* refusal = std::get_if<std::string>(&admitted)) throw uplink::CommandError(*refusal);
  const auto& parts = std::get<std::vector<uplink::TimeRange>>(admitted);
  std::vector<uplink::TimeRange> sent;
  ResendOutcome total;
  json ranges = json::array();
  try {
    for (const auto& part : parts) {
      const ResendOutcome o = g.resend(part.from, part.to);
      total.samples += o.samples;
      total.bytes += o.bytes;
      const WallTime end = o.resume_from ? *o.resume_from - std::chrono::milliseconds(1) : part.to;
      sent.push_back({part.from, end});
      ranges.push_back({{"from", format_iso8601(part.from)}, {"to", format_iso8601(end)}});
      if (o.resume_from) {
        total.resume_from = o.resume_from;
        break;
      }
    }
  } catch (...) {
    governor.finish(sent, total.bytes, SteadyClock::now());
    throw;
  }
  governor.finish(sent, total.bytes, SteadyClock::now());
  json out{{"samples", total.samples},
           {"bytes", total.bytes},
           {"ranges", ranges},
           {"cut", total.resume_from.has_value()}};
  if (total.resume_from) out["resume_from"] = format_iso8601(*total.resume_from);
  if (parts.empty()) out["note"] = "the whole range was resent within the last hour";
  return out;
}

}  // namespace

console::CommandTable console_command_table(Gateway& g) {
  console::CommandTable t;
  t.add("status", "gateway, uplink, outbox, devices, alarms and storage at a glance",
        [&g](const json&) { return status_json(g); });

  t.add("devices", "every polled device: state, last success, errors, latency", [&g](const json&) {
    json out = json::array();
    for (const auto& d : g.device_status()) {
      out.push_back({{"bus", d.bus},
                     {"device", d.device},
                     {"online", d.online},
                     {"last_success", time_or_null(d.last_success)},
                     {"requests", d.requests},
                     {"errors", d.errors},
                     {"latency_ms", {{"last", d.last_latency_ms}, {"avg", d.avg_latency_ms}}},
                     {"last_error", d.last_error}});
    }
    return out;
  });

  t.add("points", "live value, unit, quality and age of points (args: pattern)",
        [&g](const json& args) {
          const auto pattern = console::optional_string_arg(args, "pattern").value_or("*");
          const auto state = g.live_state();
          const WallTime now = WallClock::now();
          // Alarms of each point taken out of service: who, since when, and whether the
          // `masked` reminder says it has been too long.
          std::map<std::string, json> out_of_service;
          for (const auto& a : state->alarms) {
            if (a.state != AlarmState::out_of_service) continue;
            const std::string reminder = alarms::AlarmBook::reminder_source(a.source);
            const bool too_long = std::any_of(state->alarms.begin(), state->alarms.end(),
                                              [&](const alarms::AlarmRecord& r) {
                                                return r.source == reminder && r.condition_active;
                                              });
            auto& list = out_of_service[a.point];
            if (list.is_null()) list = json::array();
            list.push_back({{"alarm_id", a.alarm_id},
                            {"rule", a.rule},
                            {"by", a.hidden_by},
                            {"since", time_or_null(a.hidden_at)},
                            {"too_long", too_long}});
          }
          json out = json::array();
          for (const auto& p : state->points) {
            if (fnmatch(pattern.c_str(), p.info->id.c_str(), 0) != 0) continue;
            json row = {{"id", p.info->id},
                        {"name", p.info->name},
                        {"device", p.info->device},
                        {"location", p.info->location},
                        {"quantity", p.info->quantity},
                        {"unit", p.info->unit},
                        {"active_level", text_or_null(p.active_level)},
                        {"active_rule", text_or_null(p.active_rule)}};
            const auto hidden = out_of_service.find(p.info->id);
            row["out_of_service"] = hidden == out_of_service.end() ? json::array() : hidden->second;
            if (p.latest) {
              const bool good = p.latest->quality == Quality::good;
              row["value"] = good ? json(p.latest->value) : json(nullptr);
              row["text"] = good ? text_or_null(p.latest->text) : json(nullptr);
              row["quality"] = to_string(p.latest->quality);
              row["reason"] = p.latest->reason;
              row["age_s"] = std::chrono::duration<double>(now - p.latest->time).count();
            } else {
              row["value"] = nullptr;
              row["text"] = nullptr;
              row["quality"] = "stale";
              row["reason"] = "no sample yet";
              row["age_s"] = nullptr;
            }
            out.push_back(std::move(row));
          }
          return out;
        });

  t.add("limits",
        "effective limits of points: profile and overrides, levels, delays, clauses (args: "
        "pattern)",
        [&g](const json& args) {
          const auto pattern = console::optional_string_arg(args, "pattern").value_or("*");
          const auto state = g.live_state();
          json out = json::array();
          if (!state->rule_points) return out;
          const rules::PointTable& table = *state->rule_points;
          for (std::size_t i = 0; i < table.size(); ++i)
            if (fnmatch(pattern.c_str(), std::string(table[i].id).c_str(), 0) == 0)
              out.push_back(limits_json(table, i));
          return out;
        });

  t.add("alarms", "every alarm not back to normal", [&g](const json&) {
    const auto state = g.live_state();
    const auto points = point_index(*state);
    json out = json::array();
    for (const auto& a : state->alarms) out.push_back(alarm_json(a, points));
    return out;
  });

  t.add("closed-alarms",
        "alarms back to normal, from the ledger, the most recent first (args: since, limit)",
        [&g](const json& args) {
          const WallTime since = console::optional_time_arg(args, "since")
                                     .value_or(WallClock::now() - std::chrono::hours(24));
          const auto limit = console::optional_int_arg(args, "limit", 1, 10'000).value_or(500);
          json out = json::array();
          for (const auto& c : g.store().closed_alarms(since, static_cast<std::size_t>(limit)))
            out.push_back(closed_alarm_json(c));
          return out;
        });

  using console::Access;
  t.add("ack", "acknowledge an alarm (args: alarm_id, by)", Access::operate,
        [&g](const json& args, const console::Peer& peer) {
          return console_action(g, "ack", OperatorRequest::Kind::acknowledge, args, peer);
        });

  t.add("shelve", "shelve an alarm for a while (args: alarm_id, duration, by, reason)",
        Access::operate, [&g](const json& args, const console::Peer& peer) {
          const Millis duration = console::duration_arg(args, "duration");
          return console_action(g, "shelve", OperatorRequest::Kind::shelve, args, peer, duration,
                                console::optional_string_arg(args, "reason").value_or(""));
        });

  t.add("unshelve", "end an alarm's shelving (args: alarm_id, by)", Access::operate,
        [&g](const json& args, const console::Peer& peer) {
          return console_action(g, "unshelve", OperatorRequest::Kind::unshelve, args, peer);
        });

  // Out of service has no expiry (maintenance); past the point's max_out_of_service the alarm
  // book raises the `masked` reminder until it is returned (issue 17 §2).
  t.add("remove-from-service",
        "take an alarm out of service for maintenance (args: alarm_id, by); past "
        "max_out_of_service it raises `masked`",
        Access::operate, [&g](const json& args, const console::Peer& peer) {
          return console_action(g, "remove-from-service",
                                OperatorRequest::Kind::remove_from_service, args, peer);
        });

  t.add("return-to-service", "return an alarm to service (args: alarm_id, by)", Access::operate,
        [&g](const json& args, const console::Peer& peer) {
          return console_action(g, "return-to-service", OperatorRequest::Kind::return_to_service,
                                args, peer);
        });

  t.add("history", "stored history of a point (args: point, since, until, limit)",
        [&g](const json& args) {
          const auto point = console::string_arg(args, "point");
          const WallTime until =
              console::optional_time_arg(args, "until").value_or(WallClock::now());
          const WallTime since =
              console::optional_time_arg(args, "since").value_or(until - std::chrono::hours(1));
          const auto limit = console::optional_int_arg(args, "limit", 1, 100'000).value_or(1000);
          const auto rows = g.store().history(point, since, until, static_cast<std::size_t>(limit));
          if (rows.empty()) refuse_unknown_point(g, point);
          json out = json::array();
          for (const auto& s : rows) {
            // The reason of a failed read is not kept in history (it is in the log and the
            // live point): history rows are numbers only, to stay small.
            out.push_back({{"time", format_iso8601(s.time)},
                           {"value", s.quality == Quality::good ? json(s.value) : json(nullptr)},
                           {"quality", to_string(s.quality)}});
          }
          return out;
        });

  t.add("outbox", "messages waiting for the platform, by lane", [&g](const json&) {
    json out = outbox_json(g.store().outbox_stats());
    out["dead"] = dead_letters_json(g.store().dead_letters(kDeadLettersShown));
    if (auto u = g.uplink_state()) {
      out["in_flight"] = u->in_flight;
      out["published"] = u->published;
      out["acknowledged"] = u->acknowledged;
      out["resent"] = u->resent;
    }
    return out;
  });

  t.add("requeue-dead-letters",
        "put every dead letter back in the outbox, once what refused it is mended (args: by)",
        Access::operate, [&g](const json& args, const console::Peer& peer) {
          const std::size_t n =
              g.requeue_dead_letters("the console: " + escape_for_log(who(args, peer)));
          return json{{"requeued", n}};
        });

  t.add("verify-ledger", "walk the alarm ledger's hash chain", [&g](const json&) {
    const auto v = g.store().verify_ledger();
    if (!v.intact)
      g.events().post({"ledger_check_failed",
                       "the alarm ledger's hash chain is broken: " + v.problem,
                       {{"records", v.records},
                        {"first_bad_seq", v.first_bad_seq ? json(*v.first_bad_seq) : json(nullptr)},
                        {"problem", v.problem}},
                       WallClock::now()});
    return json{{"intact", v.intact},
                {"records", v.records},
                {"first_bad_seq", v.first_bad_seq ? json(*v.first_bad_seq) : json(nullptr)},
                {"problem", v.problem},
                {"guards_in_place", v.guards_in_place},
                {"keyed_from", v.keyed_from ? json(*v.keyed_from) : json(nullptr)},
                {"unkeyed_records", v.unkeyed_records}};
  });

  t.add("reload", "re-read the config file; a bad one is refused and the running one kept",
        Access::admin, [&g](const json& args, const console::Peer& peer) {
          // Logged by the gateway with who asked: the operator's word and the kernel's uid.
          const ReloadResult r = g.reload("the console: " + escape_for_log(who(args, peer)));
          return json{{"ok", r.ok}, {"message", r.message}};
        });
  add_hazard_commands(t, g);
  add_report_command(t, g);
  add_commissioning_commands(t, g);
  return t;
}

uplink::CommandTable platform_command_table(Gateway& g, const config::SiteConfig& config) {
  uplink::CommandTable t;
  t["ack_alarm"] = [&g](const json& args) {
    const std::string id = args.at("alarm_id");
    const std::string by = args.at("by");
    const OperatorAnswer a = act(g, OperatorRequest::Kind::acknowledge, id, "platform:" + by);
    if (a.refusal) throw uplink::CommandError(*a.refusal);
    return json{{"alarm_id", id}, {"state", a.state}};
  };
  // Out of service from the platform, as from the console: the alarm book's decision, logged with
  // who asked; left out past max_out_of_service it raises `masked` (issue 17 §2).
  const auto service = [&g](OperatorRequest::Kind kind) {
    return [&g, kind](const json& args) {
      const std::string id = args.at("alarm_id");
      const std::string by = args.at("by");
      const OperatorAnswer a = act(g, kind, id, "platform:" + by);
      if (a.refusal) throw uplink::CommandError(*a.refusal);
      return json{{"alarm_id", id}, {"state", a.state}};
    };
  };
  t["remove_from_service"] = service(OperatorRequest::Kind::remove_from_service);
  t["return_to_service"] = service(OperatorRequest::Kind::return_to_service);
  t["request_status"] = [&g](const json&) { return status_json(g); };
  // The 隐患台账 from the platform: what a supervising department found (部门检查), and 挂牌督办.
  // `by` signs the step; the peer is left empty (not the console).
  const auto hazard_step = [&g](const GatewayStore::HazardStepFn& step) {
    try {
      const store::HazardRecord after = g.hazard_step(step);
      return json{{"hazard_id", after.id},
                  {"state", store::to_string(after.state)},
                  {"supervised", after.supervised}};
    } catch (const store::HazardRefused& e) {
      throw uplink::CommandError(e.what());
    }
  };
  t["add_department_finding"] = [hazard_step](const json& args) {
    const store::NewHazard h{
        store::HazardSource::department, false, args.at("category"), args.at("clause"),
        args.at("description"),          "",    args.at("by"),       ""};
    return hazard_step([&](store::HazardRegister& r) { return r.add(h, WallClock::now()); });
  };
  t["set_supervised"] = [hazard_step](const json& args) {
    const std::int64_t id = args.at("hazard_id");
    const store::HazardSigner s{args.at("by"), ""};
    return hazard_step(
        [&](store::HazardRegister& r) { return r.set_supervised(id, s, WallClock::now()); });
  };
  t["request_report"] = [&g](const json& args) {
    const std::string month = args.at("month");
    auto report = month_report(g, month);
    if (!report) throw uplink::CommandError("args.month: expected a month YYYY-MM");
    return std::move(*report);
  };
  uplink::ResendPolicy policy;
  policy.budget_bytes = config.mqtt.resend_budget.bytes;
  auto governor = std::make_shared<uplink::ResendGovernor>(policy);
  t["resend"] = [&g, governor](const json& args) {
    return resend(g, *governor, from_epoch_ms(args.at("from").get<std::int64_t>()),
                  from_epoch_ms(args.at("to").get<std::int64_t>()));
  };
  return t;
}

}  // namespace sw
