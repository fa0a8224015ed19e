// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/modbus_connection.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include <fmt/format.h>

namespace sw::modbus {

namespace {
char parity_letter(Parity p) {
  switch (p) {
    case Parity::none:
      return 'N';
    case Parity::even:
      return 'E';
    case Parity::odd:
      return 'O';
  }
  return 'N';
}
}  // namespace

ModbusConnection::ModbusConnection(const BusSettings& settings)
    : settings_(settings),
      backoff_(settings.reconnect_min, settings.reconnect_max),
      bits_(MODBUS_MAX_READ_BITS) {}

ModbusConnection::~ModbusConnection() {
  close();
  if (ctx_ != nullptr) modbus_free(ctx_);
}

std::string ModbusConnection::describe() const {
  if (settings_.transport == Transport::tcp)
    return fmt::format("tcp {}:{}", settings_.host, settings_.port);
  return fmt::format("rtu {} {} {}{}{}", settings_.device_path, settings_.baud, settings_.data_bits,
                     parity_letter(settings_.parity), settings_.stop_bits);
}

bool ModbusConnection::create_context() {
  if (settings_.transport == Transport::tcp) {
    // The _pi variant resolves names and IPv6 addresses, not only dotted IPv4.
    ctx_ = modbus_new_tcp_pi(settings_.host.c_str(), std::to_string(settings_.port).c_str());
  } else {
    ctx_ =
        modbus_new_rtu(settings_.device_path.c_str(), settings_.baud,
                       parity_letter(settings_.parity), settings_.data_bits, settings_.stop_bits);
  }
  if (ctx_ == nullptr) {
    last_error_ = fmt::format("cannot create a libmodbus context for {}: {}", describe(),
                              modbus_strerror(errno));
    return false;
  }
  const auto secs = static_cast<std::uint32_t>(settings_.timeout.count() / 1000);
  const auto usecs = static_cast<std::uint32_t>((settings_.timeout.count() % 1000) * 1000);
  modbus_set_response_timeout(ctx_, secs, usecs);
  modbus_set_byte_timeout(ctx_, secs, usecs);
  // The driver decides what a failure means; libmodbus must not sleep or reconnect on its own.
  modbus_set_error_recovery(ctx_, MODBUS_ERROR_RECOVERY_NONE);
  return true;
}

bool ModbusConnection::ensure_open(SteadyTime now) {
  if (open_) return true;
  if (now < reopen_at_) return false;
  if (ctx_ == nullptr && !create_context()) {
    reopen_at_ = now + backoff_.next();
    return false;
  }
  if (modbus_connect(ctx_) != 0) {
    last_error_ = fmt::format("cannot connect to {}: {}", describe(), modbus_strerror(errno));
    reopen_at_ = now + backoff_.next();
    return false;
  }
  if (settings_.transport == Transport::rtu && settings_.rs485 &&
      modbus_rtu_set_serial_mode(ctx_, MODBUS_RTU_RS485) != 0) {
    // Many USB adapters switch direction in hardware and refuse the ioctl: carry on.
    last_error_ = fmt::format("RS-485 mode refused by {}: {} (carrying on)", settings_.device_path,
                              modbus_strerror(errno));
  }
  open_ = true;
  backoff_.reset();
  return true;
}

void ModbusConnection::drop(SteadyTime now, const std::string& why) {
  close();
  last_error_ = why;
  reopen_at_ = now + backoff_.next();
}

void ModbusConnection::close() {
  if (ctx_ != nullptr && open_) modbus_close(ctx_);
  open_ = false;
}

void ModbusConnection::wait_for_quiet_line() {
  if (settings_.pause_between_requests.count() <= 0) return;
  const SteadyTime quiet_until = last_request_end_ + settings_.pause_between_requests;
  const SteadyTime now = SteadyClock::now();
  if (now < quiet_until) std::this_thread::sleep_for(quiet_until - now);
}

ReadResult ModbusConnection::read(const ReadCommand& cmd, std::span<std::uint16_t> out) {
  ReadResult result;
  if (!open_) {
    result.error = {Failure::connection, 0};
    result.text = "not connected";
    return result;
  }
  wait_for_quiet_line();
  // A late answer to an earlier request that timed out may have arrived while the line was idle:
  // drop it, or it is taken for this request's answer (one recv or tcflush, nothing to wait for).
  modbus_flush(ctx_);
  modbus_set_slave(ctx_, cmd.unit);
  int rc = -1;
  switch (cmd.table) {
    case Table::coil:
      rc = modbus_read_bits(ctx_, cmd.start, cmd.count, bits_.data());
      break;
    case Table::discrete:
      rc = modbus_read_input_bits(ctx_, cmd.start, cmd.count, bits_.data());
      break;
    case Table::holding:
      rc = modbus_read_registers(ctx_, cmd.start, cmd.count, out.data());
      break;
    case Table::input:
      rc = modbus_read_input_registers(ctx_, cmd.start, cmd.count, out.data());
      break;
  }
  const int error_number = errno;
  last_request_end_ = SteadyClock::now();
  if (rc == cmd.count) {
    if (is_bit_table(cmd.table))
      for (int i = 0; i < cmd.count; ++i)
        out[static_cast<std::size_t>(i)] = bits_[static_cast<std::size_t>(i)] ? 1 : 0;
    return result;
  }
  if (rc >= 0) {
    result.error = {Failure::bad_answer, 0};
    result.text = fmt::format("short answer: {} of {} values", rc, cmd.count);
    return result;
  }
  result.error = classify_errno(error_number);
  switch (result.error.failure) {
    case Failure::exception:
      result.text = describe_exception(result.error.exception_code);
      break;
    case Failure::timeout:
      result.text = fmt::format("no answer within {}", format_duration(settings_.timeout));
      break;
    default:
      result.text = modbus_strerror(error_number);
      break;
  }
  // A late answer to a timed-out request, the rest of a garbled one, or — after an answer with
  // another request's transaction id — this request's own answer still on its way, would be taken
  // for the answer to the next request: drain the line until it is quiet. The connection itself
  // stays up, so one misbehaving unit does not cut off the others behind the same gateway
  // (Neuron #1602).
  if (result.error.failure == Failure::timeout || result.error.failure == Failure::crc ||
      result.error.failure == Failure::bad_answer)
    drain_until_quiet();
  return result;
}

void ModbusConnection::drain_until_quiet() {
  // Quiet means nothing for 30 ms (an answer on its way is a few ms behind on TCP, and a 256-byte
  // RTU frame still arrives byte by byte within the byte timeout), at most one response timeout
  // in all, so a chattering device cannot hold the line forever.
  constexpr Millis kQuiet{30};
  const int fd = modbus_get_socket(ctx_);
  const SteadyTime give_up = SteadyClock::now() + settings_.timeout;
  modbus_flush(ctx_);
  if (fd < 0) return;
  while (SteadyClock::now() < give_up) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(kQuiet.count())) <= 0) return;
    if ((p.revents & POLLIN) == 0) return;   // hung up or in error: the next request reports it
    const int dropped = modbus_flush(ctx_);  // bytes on TCP; 0 from tcflush on a serial line
    if (dropped < 0 || (settings_.transport == Transport::tcp && dropped == 0))
      return;  // readable but empty: the peer closed, and the next request reports it
  }
}

}  // namespace sw::modbus
