// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one interface a driver implements. Life of a driver:
//   configure (parse and validate its [[bus]] table, no I/O)  →  poll() repeatedly on the bus's own
//   thread (blocking I/O allowed there; connect and reconnect belong inside poll)  →  stop().
// A driver knows nothing of rules, MQTT or SQLite: it turns device answers into Samples.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/device_status.hpp"
#include "core/sample.hpp"
#include "drivers/bus_errand.hpp"

namespace sw {

class BusDriver {
 public:
  virtual ~BusDriver() = default;

  // The bus's name from the config, for logs: "[modbus:face-3]".
  virtual const std::string& bus_name() const = 0;
  // Reads everything due at `now` and appends one sample per point read or failed: a failed read
  // yields a sample with a bad quality and the reason, never a made-up value. Must return within
  // about one device timeout per device, so stop() is honoured promptly.
  virtual void poll(SteadyTime now, std::vector<Sample>& out) = 0;
  // When poll() next has something to do.
  virtual SteadyTime next_due() const = 0;
  // Closes connections and ports. Called on the poller thread after the last poll().
  virtual void stop() = 0;
  // Health per device. Called from other threads: implementations guard what they return.
  virtual std::vector<DeviceStatus> device_status() const = 0;
  // The id of one of its points (samples carry the index), for logs and tests; empty when the
  // point is not this driver's. Off the hot path: may search.
  virtual std::string point_id(PointIndex point) const = 0;

  // Commissioning (docs/console.md "probe" and "scan"): an errand reading what the config does not
  // name, for the bus's poller to run between polls. Called on the console's thread: checks
  // `args` (std::invalid_argument naming the bad one) and does no I/O; the errand does its reads
  // on the bus's thread. nullptr: this driver has no such reads.
  virtual std::shared_ptr<BusErrand> probe(const nlohmann::json& /*args*/) { return nullptr; }
  // Which devices on the bus answer at all.
  virtual std::shared_ptr<BusErrand> scan(const nlohmann::json& /*args*/) { return nullptr; }
};

}  // namespace sw
