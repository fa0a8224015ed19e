#pragma once
// What the site config says about a point, independent of the driver that reads it.
#include <string>

#include "core/clock.hpp"

namespace sw {

// Unique id of a point across the site, e.g. "face3.ch4". Appears in every message and alarm.
using PointId = std::string;

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
};

}  // namespace sw
