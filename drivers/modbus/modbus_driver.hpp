// SPDX-License-Identifier: Apache-2.0
#pragma once
// The modbus BusDriver: one connection (TCP) or line (RTU) and its devices, each polled in groups
// on their own schedules. Each device sits behind its own circuit breaker, so a failing unit is
// backed off alone while the others on the line keep their schedule (Neuron #1602,
// Telegraf #11782); the link reconnects by itself with capped backoff.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "drivers/bus_driver.hpp"
#include "drivers/modbus/device_breaker.hpp"
#include "drivers/modbus/device_health.hpp"
#include "drivers/modbus/group_reader.hpp"
#include "drivers/modbus/modbus_config.hpp"
#include "drivers/modbus/modbus_transport.hpp"
#include "drivers/modbus/poll_group.hpp"

namespace sw::modbus {

class ModbusDriver final : public BusDriver {
 public:
  // Talks to the bus through libmodbus.
  explicit ModbusDriver(ModbusConfig config);
  // Talks through `link` (unit tests script one).
  ModbusDriver(ModbusConfig config, std::unique_ptr<ModbusTransport> link);
  ~ModbusDriver() override;
  ModbusDriver(const ModbusDriver&) = delete;
  ModbusDriver& operator=(const ModbusDriver&) = delete;

  const std::string& bus_name() const override { return config_.bus.name; }
  void poll(SteadyTime now, std::vector<Sample>& out) override;
  SteadyTime next_due() const override;
  void stop() override;
  std::vector<DeviceStatus> device_status() const override;
  std::string point_id(PointIndex point) const override;
  // Commissioning (commissioning_errands.hpp): read functions only, on the bus's thread.
  std::shared_ptr<BusErrand> probe(const nlohmann::json& args) override;
  std::shared_ptr<BusErrand> scan(const nlohmann::json& args) override;

  // Requests one cycle of every group takes now (grows when a device makes the planner split).
  std::size_t planned_requests() const { return planned_requests_.load(); }
  // Requests sent since start.
  std::uint64_t requests_sent() const { return health_.total_requests(); }

 private:
  struct Group {
    PollGroup poll;
    SteadyTime next_due{};
  };
  struct Device {
    const DeviceSettings* settings = nullptr;
    std::string log_prefix;  // "[modbus:face-3/unit 7]"
    std::vector<Group> groups;
    DeviceBreaker breaker;
    bool online = false;
    bool state_logged = false;
    std::string last_logged_problem;
    // Built once (unit, log prefix, counters callback), so a poll copies no string and builds no
    // callback: only `attempts` changes per poll.
    GroupReadContext read_context;
  };

  void poll_group(std::size_t device, Group& group, SteadyTime scheduled, SteadyTime now,
                  std::vector<Sample>& out);
  bool link_ready(SteadyTime now);
  void emit_unreachable(const Group& group, const std::string& reason,
                        std::vector<Sample>& out) const;
  void emit_readings(const Device& device, const Group& group, std::vector<Sample>& out) const;
  void note_device_state(std::size_t device, bool answered, SteadyTime now);
  void count_planned_requests();
  void reopen_link_if_all_silent(SteadyTime now);
  // A read outside the plan, for an errand: through the link, opened when due, dropped when it
  // broke; the devices' health and breakers are left as the polls made them.
  ReadResult raw_read(const ReadCommand& cmd, std::span<std::uint16_t> out);

  ModbusConfig config_;
  std::unique_ptr<ModbusTransport> link_;
  std::string log_prefix_;  // "[modbus:face-3]"
  std::vector<Device> devices_;
  DeviceHealth health_;
  GroupRead read_;  // reused every cycle: no allocation per poll
  bool link_up_ = false;
  bool link_state_logged_ = false;
  std::size_t silent_probes_ = 0;  // consecutive group polls without an answer from any device
  std::atomic<std::size_t> planned_requests_{0};
};

}  // namespace sw::modbus
