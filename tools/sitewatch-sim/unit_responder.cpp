// SPDX-License-Identifier: Apache-2.0
#include "unit_responder.hpp"

namespace sw::sim {

namespace {
int be16(const std::uint8_t* p) {
  return (p[0] << 8) | p[1];
}

// The table a function code reads or writes, if it is one this simulator checks.
std::optional<Table> table_of(int function) {
  switch (function) {
    case 1:
    case 5:
    case 15:
      return Table::coil;
    case 2:
      return Table::discrete;
    case 3:
    case 6:
    case 16:
      return Table::holding;
    case 4:
      return Table::input;
    default:
      return std::nullopt;
  }
}
}  // namespace

std::optional<Request> parse_request(const std::uint8_t* frame, int length, int header) {
  if (length < header + 1) return std::nullopt;
  Request r;
  r.unit = frame[header - 1];
  r.function = frame[header];
  const std::uint8_t* pdu = frame + header + 1;
  const int pdu_left = length - header - 1;
  if (r.function == 5 || r.function == 6) {
    if (pdu_left < 2) return std::nullopt;
    r.start = be16(pdu);
    r.count = 1;
  } else if (table_of(r.function)) {
    if (pdu_left < 4) return std::nullopt;
    r.start = be16(pdu);
    r.count = be16(pdu + 2);
  }
  return r;
}

Decision decide(const Scenario& scenario, const RegisterImage& image, const Request& request,
                double t_s) {
  const UnitSpec* spec = scenario.unit(request.unit);
  // An absent unit stays silent, as an absent slave on a serial line does.
  if (spec == nullptr) return {};
  Decision d;
  d.mapping = image.mapping(request.unit);
  if (const FaultSpec* fault = spec->fault_at(t_s)) {
    switch (fault->kind) {
      case FaultKind::exception:
        d.action = Action::exception;
        d.exception_code = fault->exception_code;
        return d;
      case FaultKind::silent:
        d.action = Action::silent;
        return d;
      case FaultKind::late:
        d.action = Action::late;
        d.delay_ms = fault->delay_ms;
        break;  // a late answer is still checked below
      case FaultKind::garbage:
        d.action = Action::garbage;
        return d;
      case FaultKind::disconnect:
        d.action = Action::disconnect;
        return d;
    }
  } else {
    d.action = Action::reply;
  }
  if (const auto table = table_of(request.function)) {
    const bool bits = *table == Table::coil || *table == Table::discrete;
    if (request.count > (bits ? spec->max_bits : spec->max_registers)) {
      d.action = Action::exception;
      d.exception_code = MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
    } else if (spec->strict_addresses &&
               !image.defines(request.unit, *table, request.start, request.count)) {
      d.action = Action::exception;
      d.exception_code = MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
    }
  }
  return d;
}

}  // namespace sw::sim
