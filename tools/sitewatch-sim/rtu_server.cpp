// SPDX-License-Identifier: Apache-2.0
#include "rtu_server.hpp"

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "unit_responder.hpp"

namespace sw::sim {

std::uint16_t modbus_crc16(const std::uint8_t* data, std::size_t length) {
  std::uint16_t crc = 0xFFFF;
  for (std::size_t i = 0; i < length; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b)
      crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001)
                      : static_cast<std::uint16_t>(crc >> 1);
  }
  return crc;
}

RtuServer::RtuServer(const Scenario& scenario, RegisterImage& image, const SerialSettings& serial)
    : scenario_(scenario), image_(image) {
  ctx_ = modbus_new_rtu(serial.device.c_str(), serial.baud, serial.parity, serial.data_bits,
                        serial.stop_bits);
  if (ctx_ == nullptr) throw std::runtime_error("cannot create a Modbus RTU context");
  if (modbus_connect(ctx_) != 0) {
    const std::string err = modbus_strerror(errno);
    modbus_free(ctx_);
    throw std::runtime_error("cannot open " + serial.device + ": " + err);
  }
}

RtuServer::~RtuServer() {
  modbus_close(ctx_);
  modbus_free(ctx_);
}

namespace {
// Length of a request frame from its first bytes (0 when more bytes are needed, -1 when the
// function code is not one this simulator serves).
int expected_length(const std::vector<std::uint8_t>& buf) {
  if (buf.size() < 2) return 0;
  const int fc = buf[1];
  if (fc >= 1 && fc <= 6) return 8;
  if (fc == 15 || fc == 16) return buf.size() < 7 ? 0 : 9 + buf[6];
  return -1;
}
}  // namespace

void RtuServer::handle_frame(const std::uint8_t* frame, int length, double t) {
  const auto request = parse_request(frame, length, 1);
  if (!request) return;
  const int unit = request->unit;
  const Decision d = decide(scenario_, image_, *request, t);
  switch (d.action) {
    case Action::reply:
      modbus_set_slave(ctx_, unit);
      modbus_reply(ctx_, frame, length, d.mapping);
      break;
    case Action::exception:
      modbus_set_slave(ctx_, unit);
      modbus_reply_exception(ctx_, frame, static_cast<unsigned>(d.exception_code));
      break;
    case Action::late:
      // A late device holds the half-duplex line: everyone on it waits, as on a real RS-485 bus.
      std::this_thread::sleep_for(std::chrono::milliseconds(d.delay_ms));
      modbus_set_slave(ctx_, unit);
      modbus_reply(ctx_, frame, length, d.mapping);
      break;
    case Action::garbage: {
      // A plausible answer with a wrong checksum: line noise, as the client must see it.
      std::uint8_t junk[] = {static_cast<std::uint8_t>(unit), frame[1], 2, 0x12, 0x34, 0, 0};
      const std::uint16_t crc = modbus_crc16(junk, 5) ^ 0xFFFF;
      junk[5] = static_cast<std::uint8_t>(crc & 0xFF);
      junk[6] = static_cast<std::uint8_t>(crc >> 8);
      [[maybe_unused]] auto w = ::write(modbus_get_socket(ctx_), junk, sizeof junk);
      break;
    }
    case Action::silent:
    case Action::disconnect:  // a serial line cannot be dropped: the unit just goes quiet
      break;
  }
}

void RtuServer::run(const std::atomic<bool>& stop, const std::function<double()>& scenario_time) {
  const int fd = modbus_get_socket(ctx_);
  std::vector<std::uint8_t> buf;
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    const int n = ::poll(&p, 1, 20);
    const double t = scenario_time();
    image_.update(t);
    if (n <= 0) {
      buf.clear();  // a silent gap ends any partial frame (RTU's 3.5-character rule)
      continue;
    }
    std::uint8_t chunk[256];
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0) continue;
    buf.insert(buf.end(), chunk, chunk + got);
    for (;;) {
      const int len = expected_length(buf);
      if (len < 0) {
        buf.clear();
        break;
      }
      if (len == 0 || static_cast<int>(buf.size()) < len) break;
      const std::uint16_t crc = modbus_crc16(buf.data(), static_cast<std::size_t>(len - 2));
      const bool crc_ok = buf[static_cast<std::size_t>(len - 2)] == (crc & 0xFF) &&
                          buf[static_cast<std::size_t>(len - 1)] == (crc >> 8);
      if (crc_ok) handle_frame(buf.data(), len, t);
      buf.erase(buf.begin(), buf.begin() + (crc_ok ? len : 1));
    }
  }
}

}  // namespace sw::sim
