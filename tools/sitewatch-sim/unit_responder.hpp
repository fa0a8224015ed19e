// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a simulated unit does with one request at scenario time t: answer from its registers, or
// misbehave as the scenario's fault window says, or refuse what a real device would refuse (an
// address it lacks: exception 02; more values than it reads at once: exception 03). Shared by the
// TCP and the RTU server.
#include <modbus/modbus.h>

#include <cstdint>
#include <optional>

#include "register_image.hpp"
#include "scenario.hpp"

namespace sw::sim {

enum class Action { reply, exception, silent, late, garbage, disconnect };

struct Decision {
  Action action = Action::silent;
  int exception_code = 0;
  int delay_ms = 0;
  modbus_mapping_t* mapping = nullptr;
};

// A request's unit, function and the addresses it touches, read from its frame. `header` is the
// frame's header length (7 for TCP's MBAP header, 1 for RTU's address byte).
struct Request {
  int unit = 0;
  int function = 0;
  int start = 0;
  int count = 0;
};
std::optional<Request> parse_request(const std::uint8_t* frame, int length, int header);

Decision decide(const Scenario& scenario, const RegisterImage& image, const Request& request,
                double t_s);

}  // namespace sw::sim
