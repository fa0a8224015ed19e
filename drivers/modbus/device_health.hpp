// SPDX-License-Identifier: Apache-2.0
#pragma once
// Counters of every device on a bus (requests, errors by kind, latency, last success, online),
// written by the bus's poller thread and read by the console and the heartbeat from theirs.
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/device_status.hpp"
#include "drivers/modbus/modbus_transport.hpp"

namespace sw::modbus {

class DeviceHealth {
 public:
  explicit DeviceHealth(std::vector<DeviceStatus> devices) : status_(std::move(devices)) {}

  void record_request(std::size_t device, const ReadResult& result, double latency_ms);
  void set_online(std::size_t device, bool online);
  void set_last_error(std::size_t device, const std::string& error);
  std::vector<DeviceStatus> snapshot() const;
  std::uint64_t total_requests() const;

 private:
  mutable std::mutex mutex_;
  std::vector<DeviceStatus> status_;
  std::uint64_t total_requests_ = 0;
};

}  // namespace sw::modbus
