// SPDX-License-Identifier: Apache-2.0
#pragma once
// Modbus RTU server on a serial device (or one end of a socat pty pair), several unit ids on the
// line. libmodbus's own receive keeps one slave id per context, so frames are read here and
// answered with libmodbus's modbus_reply for the unit they address.
#include <atomic>
#include <functional>
#include <string>

#include "register_image.hpp"
#include "scenario.hpp"

namespace sw::sim {

struct SerialSettings {
  std::string device;
  int baud = 9600;
  char parity = 'N';
  int data_bits = 8;
  int stop_bits = 1;
};

class RtuServer {
 public:
  RtuServer(const Scenario& scenario, RegisterImage& image, const SerialSettings& serial);
  ~RtuServer();
  RtuServer(const RtuServer&) = delete;
  RtuServer& operator=(const RtuServer&) = delete;
  void run(const std::atomic<bool>& stop, const std::function<double()>& scenario_time);

 private:
  void handle_frame(const std::uint8_t* frame, int length, double t);
  const Scenario& scenario_;
  RegisterImage& image_;
  modbus_t* ctx_ = nullptr;
};

// Modbus RTU CRC-16 (polynomial 0xA001, initial 0xFFFF).
std::uint16_t modbus_crc16(const std::uint8_t* data, std::size_t length);

}  // namespace sw::sim
