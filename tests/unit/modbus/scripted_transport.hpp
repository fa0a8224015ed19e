// SPDX-License-Identifier: Apache-2.0
#pragma once
// A stand-in for the libmodbus link, for unit tests of the driver's logic: the test scripts what
// each request gets back and reads what was asked. State is shared, so the test keeps its hands on
// it after the driver owns the transport.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "drivers/modbus/modbus_transport.hpp"

namespace sw::modbus::test {

struct ScriptedLink {
  bool can_open = true;
  // Answers one request; the default serves register value = address + 1000 * unit.
  std::function<ReadResult(const ReadCommand&, std::span<std::uint16_t>)> answer =
      [](const ReadCommand& c, std::span<std::uint16_t> out) {
        for (int i = 0; i < c.count; ++i)
          out[static_cast<std::size_t>(i)] =
              static_cast<std::uint16_t>(c.start + i + 1000 * c.unit);
        return ReadResult{};
      };
  std::vector<ReadCommand> reads;
  int opens = 0;
  int drops = 0;

  std::size_t reads_of(int unit) const {
    std::size_t n = 0;
    for (const auto& r : reads) n += r.unit == unit;
    return n;
  }
};

inline ReadResult timeout_result() {
  return {{Failure::timeout, 0}, "no answer within 500ms"};
}
inline ReadResult exception_result(int code) {
  return {{Failure::exception, code}, describe_exception(code)};
}

class ScriptedTransport final : public ModbusTransport {
 public:
  explicit ScriptedTransport(std::shared_ptr<ScriptedLink> link) : link_(std::move(link)) {}

  bool ensure_open(SteadyTime now) override {
    if (open_) return true;
    if (now < reopen_at_) return false;
    if (!link_->can_open) {
      last_error_ = "cannot connect to tcp test:502: Connection refused";
      reopen_at_ = now + std::chrono::seconds(1);
      return false;
    }
    open_ = true;
    ++link_->opens;
    return true;
  }
  void drop(SteadyTime now, const std::string& why) override {
    open_ = false;
    ++link_->drops;
    last_error_ = why;
    reopen_at_ = now + std::chrono::seconds(1);
  }
  void close() override { open_ = false; }
  const std::string& last_error() const override { return last_error_; }
  SteadyTime reopen_at() const override { return reopen_at_; }
  std::string describe() const override { return "scripted"; }
  ReadResult read(const ReadCommand& cmd, std::span<std::uint16_t> out) override {
    link_->reads.push_back(cmd);
    return link_->answer(cmd, out);
  }

 private:
  std::shared_ptr<ScriptedLink> link_;
  bool open_ = false;
  SteadyTime reopen_at_{};
  std::string last_error_;
};

}  // namespace sw::modbus::test
