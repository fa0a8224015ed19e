// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/group_reader.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sw::modbus {

void GroupRead::reset(const std::vector<PlannedField>& fields) {
  offsets_.resize(fields.size());
  widths_.resize(fields.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    offsets_[i] = total;
    widths_[i] = static_cast<std::size_t>(fields[i].width);
    total += widths_[i];
  }
  words_.assign(total, 0);
  results_.assign(fields.size(), FieldResult{{Failure::timeout, 0}, "not read", WallTime{}});
  any_answer = false;
  link_broken = false;
  link_problem.clear();
  first_problem.clear();
}

namespace {

bool worth_retrying(Failure f) {
  return f == Failure::timeout || f == Failure::crc || f == Failure::bad_answer;
}

void fill(const ReadRequest& req, const std::vector<PlannedField>& fields,
          std::span<const std::uint16_t> answer, const ReadResult& result, WallTime time,
          GroupRead& out) {
  for (std::size_t fi : req.fields) {
    FieldResult& r = out.result(fi);
    r.error = result.error;
    r.time = time;
    if (!result.ok()) {
      r.reason = result.error.failure == Failure::exception
                     ? fmt::format("{} for {} {}..{}", result.text, to_string(req.table), req.start,
                                   req.end() - 1)
                     : result.text;
      continue;
    }
    r.reason.clear();
    const PlannedField& f = fields[fi];
    const auto offset = static_cast<std::size_t>(f.address - req.start);
    std::copy_n(answer.begin() + static_cast<std::ptrdiff_t>(offset), f.width,
                out.words_of(fi).begin());
  }
}

}  // namespace

void read_group(ModbusTransport& link, const GroupReadContext& ctx, std::vector<ReadRequest>& plan,
                const std::vector<PlannedField>& fields, GroupRead& out) {
  out.reset(fields);
  std::array<std::uint16_t, 2000> answer{};  // the largest answer: 2000 bits
  for (std::size_t r = 0; r < plan.size(); ++r) {
    // A reference, not a copy (its field list would be allocated every poll): the plan only
    // changes in the split below, after which `req` is not used.
    const ReadRequest& req = plan[r];
    const ReadCommand cmd{ctx.unit, req.table, req.start, req.count};
    ReadResult result;
    for (int attempt = 0; attempt < std::max(ctx.attempts, 1); ++attempt) {
      const SteadyTime t0 = SteadyClock::now();
      result = link.read(cmd, {answer.data(), static_cast<std::size_t>(req.count)});
      const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
      if (ctx.on_request) ctx.on_request(result, ms);
      if (!worth_retrying(result.error.failure)) break;
    }
    if (asks_for_smaller_requests(result.error) && req.fields.size() > 1) {
      ReadRequest first, second;
      split_request(req, fields, first, second);
      spdlog::warn("{} {} for {} {}..{}: splitting it into {} and {} (kept for later cycles)",
                   ctx.log_prefix, result.text, to_string(req.table), req.start, req.end() - 1,
                   describe_plan({first}), describe_plan({second}));
      plan[r] = first;
      plan.insert(plan.begin() + static_cast<std::ptrdiff_t>(r) + 1, second);
      --r;  // read the first half now
      continue;
    }
    const WallTime now = WallClock::now();
    fill(req, fields, answer, result, now, out);
    const Failure f = result.error.failure;
    if (f == Failure::none || f == Failure::exception) {
      out.any_answer = true;
      if (f == Failure::exception && out.first_problem.empty())
        out.first_problem = fmt::format("{} for {} {}..{}", result.text, to_string(req.table),
                                        req.start, req.end() - 1);
      continue;
    }
    // Lost, garbled or no link: the rest of this cycle would only add timeouts.
    if (out.first_problem.empty()) out.first_problem = result.text;
    if (f == Failure::connection) {
      out.link_broken = true;
      out.link_problem = result.text;
    }
    const std::string skipped =
        fmt::format("not asked: an earlier request of this cycle failed ({})", result.text);
    for (std::size_t rest = r + 1; rest < plan.size(); ++rest)
      for (std::size_t fi : plan[rest].fields) {
        FieldResult& fr = out.result(fi);
        fr.error = result.error;
        fr.reason = skipped;
        fr.time = now;
      }
    break;
  }
}

}  // namespace sw::modbus
