// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

std::string clock_time_or(const json& object, std::string_view key, const RenderOptions& options,
                          std::string_view fallback) {
  const auto time = time_of(object, key);
  return time ? format_clock_time(*time, options.utc) : std::string(fallback);
}

Cell gateway_cell(const json& status) {
  std::string text = text_of(status, "gateway_id");
  std::string detail;
  if (const auto enterprise = text_of(status, "enterprise", ""); !enterprise.empty())
    detail = "enterprise " + enterprise;
  if (const auto site = text_of(status, "site_type", ""); !site.empty())
    detail += (detail.empty() ? "" : ", ") + site;
  if (!detail.empty()) text += " (" + detail + ")";
  return text;
}

Cell version_cell(const json& status) {
  std::string text = text_of(status, "version");
  if (const auto up = number_of(status, "uptime_s"))
    text += ", up " + format_uptime(Millis{static_cast<Millis::rep>(*up * 1000)});
  return text;
}

Cell mqtt_cell(const json& mqtt, const RenderOptions& options) {
  if (mqtt.empty()) return "-";
  const std::string broker = text_of(mqtt, "broker");
  const std::string since = clock_time_or(mqtt, "since", options, "");
  const auto reconnects = count_of(mqtt, "reconnects").value_or(0);
  const std::string tail =
      reconnects > 0 ? " (" + count_text(reconnects, "reconnect", "reconnects") + ")" : "";
  if (flag_of(mqtt, "connected"))
    return {"connected to " + broker + (since.empty() ? "" : " since " + since) + tail,
            Style::green};
  std::string text = "DISCONNECTED from " + broker + (since.empty() ? "" : " since " + since);
  if (const auto error = text_of(mqtt, "last_error", ""); !error.empty()) text += ": " + error;
  return {text + tail, Style::alert};
}

Cell outbox_cell(const json& outbox, const RenderOptions& options) {
  if (outbox.empty()) return "-";
  std::string text = std::to_string(count_of(outbox, "depth").value_or(0)) + " waiting (" +
                     lanes_text(object_of(outbox, "by_lane")) + ")";
  if (const auto oldest = time_of(outbox, "oldest"))
    text += ", oldest " + format_clock_time(*oldest, options.utc);
  const auto dropped = count_of(outbox, "dropped_telemetry").value_or(0);
  if (const auto dead = count_of(outbox, "dead_letters").value_or(0); dead > 0)
    return {
        text + "; " + count_text(dead, "dead letter", "dead letters") + " (sitewatchctl outbox)",
        Style::alert};
  if (dropped > 0)
    return {text + "; " + std::to_string(dropped) + " telemetry dropped", Style::yellow};
  return text;
}

Cell devices_cell(const json& devices) {
  if (devices.empty()) return "-";
  const auto online = count_of(devices, "online").value_or(0);
  const auto total = count_of(devices, "total").value_or(0);
  const std::string text = std::to_string(online) + " of " + std::to_string(total) + " online";
  if (total > 0 && online == 0) return {text, Style::alert};
  if (online < total) return {text, Style::yellow};
  return text;
}

// A missing section shows "-", never "none active": an all-clear must come from the daemon.
Cell alarms_cell(const json& alarms) {
  if (alarms.empty()) return "-";
  std::int64_t active = 0;
  std::string levels;
  for (const auto& [level, n] : object_of(alarms, "active_by_level").items()) {
    if (!n.is_number() || n.get<std::int64_t>() == 0) continue;
    active += n.get<std::int64_t>();
    levels += (levels.empty() ? "" : ", ") + level + " " + std::to_string(n.get<std::int64_t>());
  }
  const auto unacknowledged = count_of(alarms, "unacknowledged").value_or(0);
  const auto major = count_of(alarms, "major_hazards").value_or(0);
  if (active == 0 && unacknowledged == 0 && major == 0) return {"none active", Style::green};
  std::string text = std::to_string(active) + " active";
  if (!levels.empty()) text += " (" + levels + ")";
  text += ", " + std::to_string(unacknowledged) + " unacknowledged";
  if (major > 0) text += ", " + count_text(major, "MAJOR HAZARD", "MAJOR HAZARDS");
  return {text, major > 0 ? Style::alert : unacknowledged > 0 ? Style::red : Style::yellow};
}

Cell storage_cell(const json& storage) {
  if (!storage.contains("ok")) return "-";
  if (!flag_of(storage, "ok"))
    return {"PROBLEM: " + text_of(storage, "problem", "unknown"), Style::alert};
  if (flag_of(storage, "over_budget"))
    return {
        "OVER BUDGET: only the alarm ledger and outbox are left; give the store more room "
        "(max_size, min_free)",
        Style::red};
  return {"ok", Style::green};
}

// The 隐患台账: how many records are not closed, and which are past their 期限.
Cell hazards_cell(const json& hazards) {
  const auto open = count_of(hazards, "open");
  if (!open) return "-";
  if (*open == 0) return {"none open", Style::green};
  std::string text = std::to_string(*open) + " open";
  const auto overdue = count_of(hazards, "overdue").value_or(0);
  if (overdue == 0) return {text, Style::yellow};
  std::string ids;
  for (const auto& id : array_of(hazards, "overdue_ids"))
    if (id.is_number_integer())
      ids += (ids.empty() ? "" : ", ") + std::to_string(id.get<std::int64_t>());
  text += ", " + std::to_string(overdue) + " OVERDUE" + (ids.empty() ? "" : " (" + ids + ")");
  return {text, Style::alert};
}

}  // namespace

std::string lanes_text(const json& by_lane) {
  std::string text;
  for (const char* lane : {"alarm", "event", "status", "telemetry"})
    text += std::string(text.empty() ? "" : ", ") + lane + " " +
            std::to_string(count_of(by_lane, lane).value_or(0));
  return text;
}

std::string count_text(std::int64_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string render_status(const json& status, const RenderOptions& options) {
  std::vector<std::pair<std::string, Cell>> fields{
      {"Gateway", gateway_cell(status)},
      {"Version", version_cell(status)},
      {"MQTT", mqtt_cell(object_of(status, "mqtt"), options)},
      {"Outbox", outbox_cell(object_of(status, "outbox"), options)},
      {"Devices", devices_cell(object_of(status, "devices"))},
      {"Alarms", alarms_cell(object_of(status, "alarms"))},
      {"Storage", storage_cell(object_of(status, "storage"))}};
  // A daemon from before the 隐患台账 sends no such section: no line, rather than a "-".
  if (status.is_object() && status.contains("hazards"))
    fields.emplace_back("Hazards", hazards_cell(object_of(status, "hazards")));
  return render_fields(fields, options.color);
}

}  // namespace sw::console
