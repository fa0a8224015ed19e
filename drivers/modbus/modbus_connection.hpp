#pragma once
// One libmodbus context (RAII): a TCP connection or a serial line, opened lazily and reopened with
// capped exponential backoff. Reconnecting is part of every poll: a pulled cable or a restarted
// gateway heals by itself (lessons of contrib-modbus #192, TB gateway #2132).
#include <modbus/modbus.h>

#include <string>

#include "core/clock.hpp"
#include "drivers/modbus/modbus_config.hpp"

namespace sw::modbus {

// What went wrong with a request, by what the operator can do about it.
enum class Failure { none, timeout, exception, illegal_address, crc, bad_answer, connection };
std::string_view to_string(Failure f);
// Classifies errno after a failed libmodbus call.
Failure classify(int error_number);

class ModbusConnection {
 public:
  explicit ModbusConnection(const BusSettings& settings);
  ~ModbusConnection();
  ModbusConnection(const ModbusConnection&) = delete;
  ModbusConnection& operator=(const ModbusConnection&) = delete;

  // Opens the connection if it is closed and its backoff has passed. Returns true when usable;
  // otherwise last_error() says why.
  bool ensure_open(SteadyTime now);
  void close_after_failure(SteadyTime now, const std::string& why);
  bool is_open() const { return ctx_ != nullptr && open_; }
  SteadyTime retry_at() const { return retry_at_; }
  const std::string& last_error() const { return last_error_; }
  // Where it goes, for logs: "tcp 10.0.0.5:502" or "rtu /dev/ttyS1 9600 8N1".
  std::string describe() const;

  // Reads; on failure returns the classified failure and sets `error` to libmodbus's text.
  Failure read(Table table, int unit, int start, int count, std::uint16_t* registers,
               std::uint8_t* bits, std::string& error);

 private:
  void schedule_retry(SteadyTime now);
  const BusSettings& settings_;
  modbus_t* ctx_ = nullptr;
  bool open_ = false;
  Millis backoff_{0};
  SteadyTime retry_at_{};
  std::string last_error_;
};

}  // namespace sw::modbus
