// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the site config says about a point, independent of the driver that reads it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace sw {

// Unique id of a point across the site, e.g. "face3.ch4". Appears in every message and alarm.
using PointId = std::string;

// The point's place in the site's point table (0..N-1, in config order), what the hot path carries
// instead of the id: every stage keeps its per-point state in arrays indexed by it, so a sample
// costs no string hashing or copying. Valid for one config; a reload numbers the points anew.
using PointIndex = std::uint32_t;
inline constexpr PointIndex kNoPointIndex = ~PointIndex{0};

// A reload: for each point of the new table (by its index), its index in the table being
// replaced, or kNoPointIndex for a point the old config did not have. How per-point state is
// carried over.
using PointCarryOver = std::vector<PointIndex>;

struct PointInfo {
  PointId id;
  std::string bus;         // the bus (poller) that reads it
  std::string device;      // the device on that bus
  std::string name;        // human name, e.g. "回风隅角甲烷"
  std::string quantity;    // what is measured: "methane", "co", "o2", "wind_speed", "power_feed"
  std::string unit;        // "%CH4", "ppm", "%vol", "m/s", "" for switches
  std::string location;    // where it is installed, as the site names it
  bool is_switch = false;  // a two-state point (power feed, switch): value 0 or 1
  Millis poll_period{0};   // how often the driver reads it: a point silent for two periods is stale
  PointIndex index = 0;    // its place in the site's point table (set when the config is read)
  // Its resolution: values are rounded to this many decimals before anything else sees them;
  // unset, the driver derives it (Modbus: from the type, scale and offset).
  std::optional<int> decimals;
};

}  // namespace sw
