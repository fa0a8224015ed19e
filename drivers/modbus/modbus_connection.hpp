// SPDX-License-Identifier: Apache-2.0
#pragma once
// One libmodbus context (RAII): a TCP connection or a serial line, opened lazily and reopened with
// capped exponential backoff. Reconnecting is part of every poll: a pulled cable or a restarted
// gateway heals by itself (contrib-modbus #192, TB gateway #2132).
#include <modbus/modbus.h>

#include <string>
#include <vector>

#include "drivers/modbus/capped_backoff.hpp"
#include "drivers/modbus/modbus_config.hpp"
#include "drivers/modbus/modbus_transport.hpp"

namespace sw::modbus {

class ModbusConnection final : public ModbusTransport {
 public:
  explicit ModbusConnection(const BusSettings& settings);
  ~ModbusConnection() override;
  ModbusConnection(const ModbusConnection&) = delete;
  ModbusConnection& operator=(const ModbusConnection&) = delete;

  bool ensure_open(SteadyTime now) override;
  void drop(SteadyTime now, const std::string& why) override;
  void close() override;
  const std::string& last_error() const override { return last_error_; }
  SteadyTime reopen_at() const override { return reopen_at_; }
  std::string describe() const override;
  ReadResult read(const ReadCommand& cmd, std::span<std::uint16_t> out) override;

 private:
  bool create_context();
  void wait_for_quiet_line();
  void drain_until_quiet();
  const BusSettings& settings_;
  modbus_t* ctx_ = nullptr;
  bool open_ = false;
  CappedBackoff backoff_;
  SteadyTime reopen_at_{};
  SteadyTime last_request_end_{};
  std::string last_error_;
  std::vector<std::uint8_t> bits_;
};

}  // namespace sw::modbus
