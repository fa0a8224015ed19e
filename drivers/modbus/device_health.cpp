// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/device_health.hpp"

namespace sw::modbus {

void DeviceHealth::record_request(std::size_t device, const ReadResult& result, double latency_ms) {
  std::lock_guard lock(mutex_);
  DeviceStatus& st = status_[device];
  ++st.requests;
  ++total_requests_;
  st.last_latency_ms = latency_ms;
  // An exponential average: recent latency counts, one slow answer does not dominate.
  st.avg_latency_ms = st.requests == 1 ? latency_ms : st.avg_latency_ms * 0.9 + latency_ms * 0.1;
  if (result.ok()) {
    st.last_success = WallClock::now();
  } else {
    ++st.errors[std::string(to_string(result.error.failure))];
    st.last_error = result.text;
  }
}

void DeviceHealth::set_online(std::size_t device, bool online) {
  std::lock_guard lock(mutex_);
  status_[device].online = online;
}

void DeviceHealth::set_last_error(std::size_t device, const std::string& error) {
  std::lock_guard lock(mutex_);
  status_[device].last_error = error;
}

std::vector<DeviceStatus> DeviceHealth::snapshot() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::uint64_t DeviceHealth::total_requests() const {
  std::lock_guard lock(mutex_);
  return total_requests_;
}

}  // namespace sw::modbus
