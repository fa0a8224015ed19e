// SPDX-License-Identifier: Apache-2.0
#pragma once
// Why a request brought no value, sorted by what it means for the device and the connection.
#include <string>
#include <string_view>

#include "core/quality.hpp"

namespace sw::modbus {

enum class Failure {
  none,
  timeout,     // no answer within the timeout: the device is absent, off or the line is dead
  exception,   // the device answered with a Modbus exception (see exception_code)
  crc,         // RTU frame with a bad checksum: noise or two talkers on the line
  bad_answer,  // an answer that does not fit the request (wrong unit, length or function)
  connection,  // the TCP connection or the serial port failed: reopen it
};

// Counter name and log word: "timeout", "exception", "crc", "bad_answer", "connection".
std::string_view to_string(Failure f);

struct RequestError {
  Failure failure = Failure::none;
  int exception_code = 0;  // for Failure::exception
};

// Sorts errno after a failed libmodbus call.
RequestError classify_errno(int error_number);

// Names from the Modbus Application Protocol v1.1b3 §7: "02 (illegal data address)".
std::string describe_exception(int code);

// A transport failure is comm_loss; a device that answers with an exception is device_fault.
Quality quality_of(Failure f);

// Exceptions a device sends for a request it cannot serve whole — an address it lacks (02) or a
// quantity beyond what it reads at once (03): the planner splits such a request.
inline bool asks_for_smaller_requests(const RequestError& e) {
  return e.failure == Failure::exception && (e.exception_code == 2 || e.exception_code == 3);
}

}  // namespace sw::modbus
