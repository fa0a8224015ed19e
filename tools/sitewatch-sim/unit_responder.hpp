#pragma once
// What a simulated unit does with one request at scenario time t: answer from its registers, or
// misbehave as the scenario's fault window says. Shared by the TCP and the RTU server.
#include <modbus/modbus.h>

#include <cstdint>

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

inline Decision decide(const Scenario& scenario, const RegisterImage& image, int unit, double t_s) {
  const UnitSpec* spec = scenario.unit(unit);
  // An absent unit stays silent, as an absent slave on a serial line does.
  if (spec == nullptr) return {};
  Decision d;
  d.mapping = image.mapping(unit);
  const FaultSpec* fault = spec->fault_at(t_s);
  if (fault == nullptr) {
    d.action = Action::reply;
    return d;
  }
  switch (fault->kind) {
    case FaultKind::exception:
      d.action = Action::exception;
      d.exception_code = fault->exception_code;
      break;
    case FaultKind::silent:
      d.action = Action::silent;
      break;
    case FaultKind::late:
      d.action = Action::late;
      d.delay_ms = fault->delay_ms;
      break;
    case FaultKind::garbage:
      d.action = Action::garbage;
      break;
    case FaultKind::disconnect:
      d.action = Action::disconnect;
      break;
  }
  return d;
}

}  // namespace sw::sim
