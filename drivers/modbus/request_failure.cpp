// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/request_failure.hpp"

#include <cerrno>

#include <fmt/format.h>
#include <modbus/modbus.h>

namespace sw::modbus {

std::string_view to_string(Failure f) {
  switch (f) {
    case Failure::none:
      return "none";
    case Failure::timeout:
      return "timeout";
    case Failure::exception:
      return "exception";
    case Failure::crc:
      return "crc";
    case Failure::bad_answer:
      return "bad_answer";
    case Failure::connection:
      return "connection";
  }
  return "?";
}

RequestError classify_errno(int e) {
  if (e > MODBUS_ENOBASE && e <= EMBXGTAR) return {Failure::exception, e - MODBUS_ENOBASE};
  switch (e) {
    case ETIMEDOUT:
      return {Failure::timeout, 0};
    case EMBBADCRC:
      return {Failure::crc, 0};
    case EMBBADDATA:
    case EMBBADEXC:
    case EMBMDATA:
    case EMBBADSLAVE:
    case EMBUNKEXC:
      return {Failure::bad_answer, 0};
    default:  // ECONNRESET, EPIPE, ECONNREFUSED, EBADF, EIO, ...
      return {Failure::connection, 0};
  }
}

std::string describe_exception(int code) {
  const char* name = "unknown exception";
  switch (code) {
    case 1:
      name = "illegal function";
      break;
    case 2:
      name = "illegal data address";
      break;
    case 3:
      name = "illegal data value";
      break;
    case 4:
      name = "server device failure";
      break;
    case 5:
      name = "acknowledge";
      break;
    case 6:
      name = "server device busy";
      break;
    case 7:
      name = "negative acknowledge";
      break;
    case 8:
      name = "memory parity error";
      break;
    case 10:
      name = "gateway path unavailable";
      break;
    case 11:
      name = "gateway target device failed to respond";
      break;
    default:
      break;
  }
  return fmt::format("exception {:02d} ({})", code, name);
}

Quality quality_of(Failure f) {
  return f == Failure::exception ? Quality::device_fault : Quality::comm_loss;
}

}  // namespace sw::modbus
