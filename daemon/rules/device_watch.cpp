// SPDX-License-Identifier: Apache-2.0
#include "rules/device_watch.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace sw::rules {

namespace {
// How many point names the alarm text lists before "等".
constexpr std::size_t kNamesListed = 6;

bool cuts_power(const RulePoint& p) {
  return std::any_of(p.settings->limits.begin(), p.settings->limits.end(),
                     [](const LimitLevel& l) { return l.cuts_power; });
}
}  // namespace

DeviceWatch::DeviceWatch(const std::vector<PointInfo>& infos, const PointTable& table)
    : device_of_(table.size(), kNone), down_(table.size(), 0), liveness_(table.size(), 0) {
  std::map<std::pair<std::string, std::string>, std::vector<std::uint32_t>> groups;
  for (const auto& info : infos) {
    const auto i = table.find(info.id);
    if (!i || info.device.empty()) continue;
    groups[{info.bus, info.device}].push_back(static_cast<std::uint32_t>(*i));
    liveness_[*i] = info.quantity.ends_with("_online") ? 1 : 0;
  }
  for (auto& [key, points] : groups) {
    if (points.size() < 2) continue;
    std::sort(points.begin(), points.end());
    Device d;
    d.bus = key.first;
    d.name = key.second;
    // A device that holds a head whose levels cut power is as urgent as the cut.
    d.priority = std::any_of(points.begin(), points.end(),
                             [&](std::uint32_t i) { return cuts_power(table[i]); })
                     ? 1
                     : 2;
    const auto index = static_cast<std::uint32_t>(devices_.size());
    for (std::uint32_t i : points) device_of_[i] = index;
    d.points = std::move(points);
    devices_.push_back(std::move(d));
  }
}

void DeviceWatch::mark(std::uint32_t d) {
  if (devices_[d].dirty) return;
  devices_[d].dirty = true;
  dirty_.push_back(d);
}

void DeviceWatch::on_point(std::size_t i, bool down) {
  const std::uint32_t d = device_of_[i];
  if (d == kNone) return;
  Device& device = devices_[d];
  if (down_[i] != static_cast<std::uint8_t>(down)) {
    down_[i] = down ? 1 : 0;
    device.down = down ? device.down + 1 : device.down - 1;
    mark(d);
  } else if (!device.report.reported()) {
    mark(d);  // its first judgement
  }
}

bool DeviceWatch::consequential(const PointTable& table, const Condition& c) const {
  if (!c.active || c.major_hazard) return false;
  const bool fault = c.rule == "sensor_fault";
  if (!fault && c.rule != "limit") return false;
  const auto i = table.find(c.point);
  if (!i || device_of_[*i] == kNone || !devices_[device_of_[*i]].offline) return false;
  return fault || is_liveness(*i);
}

void DeviceWatch::finish(const PointTable& table, WallTime now, std::vector<Condition>& out,
                         std::vector<std::uint32_t>& back_online) {
  for (std::uint32_t d : dirty_) {
    Device& device = devices_[d];
    device.dirty = false;
    const bool offline = device.down == device.points.size();
    if (offline != device.offline) {
      if (offline)
        ++offline_;
      else
        --offline_;
      if (!offline)
        back_online.insert(back_online.end(), device.points.begin(), device.points.end());
      device.offline = offline;
    }
    if (!device.report.due(offline, offline ? 1 : 0, kNoValue, false)) continue;
    device.report.sent(offline, offline ? 1 : 0, kNoValue, false);
    const RulePoint& first = table[device.points.front()];
    Condition& c =
        add_condition(out, first, "device_offline", "device_offline", offline, kNoValue, now);
    const std::string who = "设备 " + device.name + "（" + device.bus + "）";
    if (!offline) {
      c.message = who + " 恢复通信";
      continue;
    }
    c.level = "offline";
    c.rank = 1;
    c.priority = device.priority;
    std::string names;
    for (std::size_t k = 0; k < device.points.size() && k < kNamesListed; ++k)
      names += (k ? "、" : "") + std::string(table[device.points[k]].name);
    if (device.points.size() > kNamesListed) names += " 等";
    c.message = who + " 通信中断，" + std::to_string(device.points.size()) + " 个测点无法读取（" +
                names + "），其测点故障报警已抑制";
  }
  dirty_.clear();
  if (offline_ == 0) return;
  std::erase_if(out, [&](const Condition& c) { return consequential(table, c); });
}

void DeviceWatch::carry_over(const DeviceWatch& old, const PointTable& table,
                             const PointTable& old_table) {
  for (Device& device : devices_) {
    const auto o = old_table.find(table[device.points.front()].id);
    if (!o || old.device_of_[*o] == kNone) continue;
    const Device& before = old.devices_[old.device_of_[*o]];
    if (before.points.size() != device.points.size()) continue;  // judged afresh
    device.report = before.report;
  }
}

}  // namespace sw::rules
