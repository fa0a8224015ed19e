// SPDX-License-Identifier: Apache-2.0
#include "gateway_watch.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace sw {

GatewayWatch::GatewayWatch(GatewayEvents& events, std::uint64_t dropped_telemetry)
    : events_(events), dropped_told_(dropped_telemetry) {}

void GatewayWatch::check_clock(SteadyTime steady, WallTime wall) {
  if (last_clock_) {
    const auto [last_steady, last_wall] = *last_clock_;
    const auto steady_ms = std::chrono::duration_cast<Millis>(steady - last_steady);
    const auto wall_ms = std::chrono::duration_cast<Millis>(wall - last_wall);
    const Millis step = wall_ms - steady_ms;
    if (std::llabs(step.count()) > kClockJumpAt.count()) {
      events_.post({"clock_jump",
                    fmt::format("the wall clock jumped {} by {} ms",
                                step.count() > 0 ? "forward" : "back", std::llabs(step.count())),
                    {{"step_ms", step.count()}},
                    wall});
    }
  }
  last_clock_ = {steady, wall};
}

void GatewayWatch::check_devices(const std::vector<DeviceStatus>& devices, WallTime wall) {
  for (const auto& d : devices) {
    const auto key = std::make_pair(d.bus, d.device);
    const auto told = online_.find(key);
    if (told == online_.end()) {
      if (d.online) {
        online_.emplace(key, true);
      } else if (d.requests > 0) {
        online_.emplace(key, false);
        events_.post({"device_offline",
                      fmt::format("{} on {} is not answering", d.device, d.bus),
                      {{"bus", d.bus}, {"device", d.device}, {"last_error", d.last_error}},
                      wall});
      }
      continue;
    }
    if (told->second == d.online) continue;
    told->second = d.online;
    if (d.online)
      events_.post({"device_online",
                    fmt::format("{} on {} answers again", d.device, d.bus),
                    {{"bus", d.bus}, {"device", d.device}},
                    wall});
    else
      events_.post({"device_offline",
                    fmt::format("{} on {} stopped answering", d.device, d.bus),
                    {{"bus", d.bus}, {"device", d.device}, {"last_error", d.last_error}},
                    wall});
  }
}

void GatewayWatch::check_storage(const StorageHealth& health, WallTime wall) {
  if (health.ok == storage_ok_) return;
  storage_ok_ = health.ok;
  if (!health.ok)
    events_.post({"store_failover",
                  "the store cannot write: messages go out live from memory, alarm events miss "
                  "the ledger",
                  {{"problem", health.problem}, {"failed_commits", health.failed_commits}},
                  wall});
  else
    events_.post({"store_recovered",
                  "the store writes again",
                  {{"events_not_ledgered", health.events_not_ledgered}},
                  wall});
}

void GatewayWatch::check_shed(std::uint64_t dropped_telemetry, WallTime wall) {
  if (dropped_telemetry <= dropped_told_) return;
  const std::uint64_t shed = dropped_telemetry - dropped_told_;
  dropped_told_ = dropped_telemetry;
  events_.post({"telemetry_shed",
                fmt::format("{} telemetry messages shed: the outbox was full", shed),
                {{"shed", shed}, {"shed_total", dropped_telemetry}},
                wall});
}

void GatewayWatch::check_dead_letters(std::size_t dead_letters, WallTime wall) {
  const std::size_t told = dead_told_.value_or(dead_letters);
  dead_told_ = dead_letters;
  if (dead_letters <= told) return;
  events_.post(
      {"messages_set_aside",
       fmt::format("{} messages the broker kept refusing were set aside as dead letters; "
                   "`sitewatchctl outbox` lists them, `sitewatchctl outbox --requeue` puts them "
                   "back once the cause is mended",
                   dead_letters - told),
       {{"set_aside", dead_letters - told}, {"dead_letters", dead_letters}},
       wall});
}

void GatewayWatch::check_hazards(const std::vector<store::HazardRecord>& open, WallTime wall) {
  std::map<std::int64_t, std::string> overdue;
  for (const auto& r : open) {
    if (!store::is_overdue(r, wall)) continue;
    overdue[r.id] = r.plan.deadline;
    const auto told = overdue_told_.find(r.id);
    if (told != overdue_told_.end() && told->second == r.plan.deadline) continue;
    events_.post({"hazard_overdue",
                  fmt::format("hazard {} ({}) is past its deadline {} and not rectified; "
                              "responsible: {}",
                              r.id, r.category, r.plan.deadline, r.plan.responsible),
                  {{"hazard_id", r.id},
                   {"category", r.category},
                   {"clause", r.clause},
                   {"deadline", r.plan.deadline},
                   {"responsible", r.plan.responsible},
                   {"state", store::to_string(r.state)}},
                  wall});
  }
  overdue_told_ = std::move(overdue);
}

}  // namespace sw
