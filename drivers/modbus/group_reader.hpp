// SPDX-License-Identifier: Apache-2.0
#pragma once
// One poll of one poll group: its planned requests sent in order, a request split when the device
// asks for smaller ones (exception 02 or 03; the plan keeps the split, so the device's limits are
// learned once), and every answer spread onto the fields it covers. A device that stops answering
// is not asked again in the same cycle, so it costs the line one timeout, not one per request.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "drivers/modbus/modbus_transport.hpp"
#include "drivers/modbus/read_planner.hpp"

namespace sw::modbus {

struct FieldResult {
  RequestError error;  // failure none: the field's words are valid
  std::string reason;  // what went wrong, quoted from the device or the transport
  WallTime time;       // when its answer (or failure) came
  bool ok() const { return error.failure == Failure::none; }
};

class GroupRead {
 public:
  // Sizes the buffers for `fields` and marks every field as not read.
  void reset(const std::vector<PlannedField>& fields);
  std::span<const std::uint16_t> words_of(std::size_t field) const {
    return {words_.data() + offsets_[field], widths_[field]};
  }
  std::span<std::uint16_t> words_of(std::size_t field) {
    return {words_.data() + offsets_[field], widths_[field]};
  }
  const FieldResult& result(std::size_t field) const { return results_[field]; }
  FieldResult& result(std::size_t field) { return results_[field]; }

  bool any_answer = false;   // the device answered something: a value or an exception
  bool link_broken = false;  // the connection or port failed; `link_problem` says how
  std::string link_problem;
  std::string first_problem;  // the first failure of the cycle, for the log

 private:
  std::vector<std::uint16_t> words_;
  std::vector<std::size_t> offsets_;
  std::vector<std::size_t> widths_;
  std::vector<FieldResult> results_;
};

struct GroupReadContext {
  int unit = 1;
  int attempts = 1;        // per request, for lost or garbled answers
  std::string log_prefix;  // "[modbus:face-3/unit 7]"
  // Called after every request sent, for the device's counters.
  std::function<void(const ReadResult&, double latency_ms)> on_request;
};

// Sends `plan` (which it may split) for `fields`, filling `out`.
void read_group(ModbusTransport& link, const GroupReadContext& ctx, std::vector<ReadRequest>& plan,
                const std::vector<PlannedField>& fields, GroupRead& out);

}  // namespace sw::modbus
