// SPDX-License-Identifier: Apache-2.0
#pragma once
// One cause, one alarm (issue 17 §6; ISA-18.2 / EEMUA 191 designed suppression of consequential
// alarms). A device of two or more points is offline when none of its points can be read
// (comm_loss, stale) — a device's liveness point (quantity "…_online", a camera's `.online`)
// reading 0 counts as unreadable too. It then raises one alarm, source "<first point>/device_
// offline", rule `device_offline`, naming its points; and the alarms that follow from it are not
// raised: its points' sensor faults and the liveness point's own limit alarm (video_loss). Their
// rules go on judging, so when the device answers again a point still failing raises its own
// fault. A major-hazard step is never held back: a methane head that stays unreadable past
// major_fault_after is a monitoring failure (fault_unrestored) whatever its device does.
// A device of one point keeps its point's fault: that is already one alarm.
#include <cstdint>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "rules/condition.hpp"
#include "rules/point_table.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class DeviceWatch {
 public:
  DeviceWatch(const std::vector<PointInfo>& infos, const PointTable& table);

  // Point i's latest state: `down` when it cannot be read (or is a liveness point reading 0).
  // Cheap: a flag and a counter; the device is judged in finish().
  void on_point(std::size_t i, bool down);
  bool is_liveness(std::size_t i) const { return liveness_[i] != 0; }
  // End of a turn: the device_offline conditions of devices whose state changed (a device's first
  // judgement too, so a restored alarm is reconciled), and drops from `out` the conditions an
  // offline device makes consequential. Appends to `back_online` the points of devices that came
  // back, whose rules must report afresh.
  void finish(const PointTable& table, WallTime now, std::vector<Condition>& out,
              std::vector<std::uint32_t>& back_online);
  // Copies which devices the old watch had judged offline and what it reported, by point ids.
  void carry_over(const DeviceWatch& old, const PointTable& table, const PointTable& old_table);

 private:
  static constexpr std::uint32_t kNone = 0xffffffff;
  struct Device {
    std::string bus;
    std::string name;
    std::vector<std::uint32_t> points;
    std::uint32_t down = 0;
    int priority = 2;
    bool offline = false;
    bool dirty = false;
    SourceReport report;
  };
  void mark(std::uint32_t d);
  bool consequential(const PointTable& table, const Condition& c) const;

  std::vector<Device> devices_;
  std::vector<std::uint32_t> device_of_;  // per point, kNone when its device has one point
  std::vector<std::uint8_t> down_;
  std::vector<std::uint8_t> liveness_;
  std::vector<std::uint32_t> dirty_;
  std::size_t offline_ = 0;
};

}  // namespace sw::rules
