#pragma once
// The modbus BusDriver: one connection (TCP) or line (RTU), its devices polled in groups on their
// own schedules, each device behind its own circuit breaker so a failing unit is backed off alone
// while the others on the line keep their schedule (Neuron #1602, Telegraf #11782).
#include <mutex>
#include <vector>

#include "drivers/bus_driver.hpp"
#include "drivers/modbus/modbus_config.hpp"
#include "drivers/modbus/modbus_connection.hpp"
#include "drivers/modbus/read_planner.hpp"

namespace sw::modbus {

class ModbusDriver final : public BusDriver {
 public:
  explicit ModbusDriver(ModbusConfig config);
  ~ModbusDriver() override;

  const std::string& bus_name() const override { return config_.bus.name; }
  void poll(SteadyTime now, std::vector<Sample>& out) override;
  SteadyTime next_due() const override;
  void stop() override;
  std::vector<DeviceStatus> device_status() const override;

  // For tests and the benchmark: the current plan of every group and requests sent so far.
  std::size_t planned_requests() const;
  std::uint64_t requests_sent() const;

 private:
  // Extra fields a group may read besides its points.
  static constexpr std::size_t kStatusField = static_cast<std::size_t>(-1);
  static constexpr std::size_t kDecimalsField = static_cast<std::size_t>(-2);

  struct Group {
    Millis period{1000};
    SteadyTime next_due{};
    std::vector<std::size_t> points;   // indices into config_.points
    std::vector<PlannedField> fields;  // one per point, then status / decimals
    std::vector<ReadRequest> plan;
  };
  struct Device {
    const DeviceSettings* settings = nullptr;
    std::vector<Group> groups;
    int failed_cycles = 0;  // consecutive cycles without any answer
    SteadyTime retry_at{};  // circuit breaker: not polled before this
    bool online = false;
    bool ever_polled = false;
    std::string log_prefix;  // "[modbus:face-3/unit 7]"
  };
  struct Reading;  // results of one group's requests

  void poll_group(Device& device, Group& group, SteadyTime now, std::vector<Sample>& out);
  void emit_failure(const Device& device, const Group& group, Quality quality,
                    const std::string& reason, std::vector<Sample>& out) const;
  void record(const Device& device, bool ok, Failure failure, double latency_ms,
              const std::string& error);

  ModbusConfig config_;
  ModbusConnection connection_;
  std::vector<Device> devices_;
  std::string log_prefix_;

  mutable std::mutex status_mutex_;
  std::vector<DeviceStatus> status_;  // parallel to devices_
  std::uint64_t requests_sent_ = 0;
};

}  // namespace sw::modbus
