#include "drivers/modbus/modbus_connection.hpp"

#include <cerrno>
#include <random>

#include <fmt/format.h>

namespace sw::modbus {

std::string_view to_string(Failure f) {
  switch (f) {
    case Failure::none:
      return "none";
    case Failure::timeout:
      return "timeout";
    case Failure::exception:
      return "exception";
    case Failure::illegal_address:
      return "illegal_address";
    case Failure::crc:
      return "crc";
    case Failure::bad_answer:
      return "bad_answer";
    case Failure::connection:
      return "connection";
  }
  return "?";
}

Failure classify(int e) {
  switch (e) {
    case ETIMEDOUT:
      return Failure::timeout;
    case EMBXILADD:
      return Failure::illegal_address;
    case EMBXILFUN:
    case EMBXILVAL:
    case EMBXSFAIL:
    case EMBXACK:
    case EMBXSBUSY:
    case EMBXNACK:
    case EMBXMEMPAR:
    case EMBXGPATH:
    case EMBXGTAR:
      return Failure::exception;
    case EMBBADCRC:
      return Failure::crc;
    case EMBBADDATA:
    case EMBBADEXC:
    case EMBMDATA:
    case EMBBADSLAVE:
    case EMBUNKEXC:
      return Failure::bad_answer;
    default:  // ECONNRESET, EPIPE, ECONNREFUSED, EBADF, EIO, ...
      return Failure::connection;
  }
}

ModbusConnection::ModbusConnection(const BusSettings& settings) : settings_(settings) {}

ModbusConnection::~ModbusConnection() {
  if (ctx_ != nullptr) {
    modbus_close(ctx_);
    modbus_free(ctx_);
  }
}

std::string ModbusConnection::describe() const {
  if (settings_.transport == Transport::tcp)
    return fmt::format("tcp {}:{}", settings_.host, settings_.port);
  const char parity = settings_.parity == Parity::none   ? 'N'
                      : settings_.parity == Parity::even ? 'E'
                                                         : 'O';
  return fmt::format("rtu {} {} {}{}{}", settings_.device_path, settings_.baud, settings_.data_bits,
                     parity, settings_.stop_bits);
}

void ModbusConnection::schedule_retry(SteadyTime now) {
  backoff_ = backoff_.count() == 0 ? settings_.reconnect_min
                                   : std::min(backoff_ * 2, settings_.reconnect_max);
  // Jitter spreads the reconnects of many gateways after a shared outage.
  thread_local std::mt19937 rng{std::random_device{}()};
  const auto jitter =
      Millis{std::uniform_int_distribution<Millis::rep>(0, backoff_.count() / 10)(rng)};
  retry_at_ = now + backoff_ + jitter;
}

bool ModbusConnection::ensure_open(SteadyTime now) {
  if (is_open()) return true;
  if (now < retry_at_) return false;
  if (ctx_ == nullptr) {
    if (settings_.transport == Transport::tcp) {
      ctx_ = modbus_new_tcp(settings_.host.c_str(), settings_.port);
    } else {
      const char parity = settings_.parity == Parity::none   ? 'N'
                          : settings_.parity == Parity::even ? 'E'
                                                             : 'O';
      ctx_ = modbus_new_rtu(settings_.device_path.c_str(), settings_.baud, parity,
                            settings_.data_bits, settings_.stop_bits);
    }
    if (ctx_ == nullptr) {
      last_error_ = fmt::format("cannot create a libmodbus context: {}", modbus_strerror(errno));
      schedule_retry(now);
      return false;
    }
    const auto secs = static_cast<std::uint32_t>(settings_.timeout.count() / 1000);
    const auto usecs = static_cast<std::uint32_t>((settings_.timeout.count() % 1000) * 1000);
    modbus_set_response_timeout(ctx_, secs, usecs);
    modbus_set_byte_timeout(ctx_, secs, usecs);
    modbus_set_error_recovery(ctx_, MODBUS_ERROR_RECOVERY_NONE);  // the driver decides
  }
  if (modbus_connect(ctx_) != 0) {
    last_error_ = fmt::format("connect {}: {}", describe(), modbus_strerror(errno));
    schedule_retry(now);
    return false;
  }
  if (settings_.transport == Transport::rtu && settings_.rs485 &&
      modbus_rtu_set_serial_mode(ctx_, MODBUS_RTU_RS485) != 0) {
    // Many USB adapters switch direction in hardware and refuse the ioctl: go on in RS-232 mode.
    last_error_ = fmt::format("RS-485 mode not supported by {}: {}", settings_.device_path,
                              modbus_strerror(errno));
  }
  open_ = true;
  backoff_ = Millis{0};
  return true;
}

void ModbusConnection::close_after_failure(SteadyTime now, const std::string& why) {
  if (ctx_ != nullptr) modbus_close(ctx_);
  open_ = false;
  last_error_ = why;
  schedule_retry(now);
}

Failure ModbusConnection::read(Table table, int unit, int start, int count,
                               std::uint16_t* registers, std::uint8_t* bits, std::string& error) {
  modbus_set_slave(ctx_, unit);
  int rc = -1;
  switch (table) {
    case Table::coil:
      rc = modbus_read_bits(ctx_, start, count, bits);
      break;
    case Table::discrete:
      rc = modbus_read_input_bits(ctx_, start, count, bits);
      break;
    case Table::holding:
      rc = modbus_read_registers(ctx_, start, count, registers);
      break;
    case Table::input:
      rc = modbus_read_input_registers(ctx_, start, count, registers);
      break;
  }
  if (rc == count) return Failure::none;
  if (rc >= 0) {
    error = fmt::format("short answer: {} of {} values", rc, count);
    return Failure::bad_answer;
  }
  const int e = errno;
  error = modbus_strerror(e);
  const Failure f = classify(e);
  // A late answer to a timed-out request would be read as the answer to the next one: drop what
  // is buffered. After garbage the stream cannot be trusted at all.
  if (f == Failure::timeout || f == Failure::crc) modbus_flush(ctx_);
  return f;
}

}  // namespace sw::modbus
