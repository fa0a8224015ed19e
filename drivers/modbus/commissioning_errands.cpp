// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/commissioning_errands.hpp"

#include <array>
#include <chrono>
#include <vector>

#include <spdlog/spdlog.h>

#include "drivers/modbus/probe_decode.hpp"

namespace sw::modbus {

namespace {

using nlohmann::json;

double ms_since(SteadyTime start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

class ProbeErrand final : public BusErrand {
 public:
  ProbeErrand(std::string bus, const ProbeRequest& request, RawRead read)
      : bus_(std::move(bus)), request_(request), read_(std::move(read)) {}

 protected:
  bool do_step() override {
    const ReadCommand cmd{request_.unit, request_.table, request_.address, request_.count};
    std::vector<std::uint16_t> values(static_cast<std::size_t>(request_.count));
    const SteadyTime start = SteadyClock::now();
    const ReadResult r = read_(cmd, values);
    const double ms = ms_since(start);
    spdlog::info("[modbus:{}/unit {}] probe {} {}+{}: {}", bus_, request_.unit,
                 to_string(request_.table), request_.address, request_.count,
                 r.ok() ? "answered" : r.text);
    json report{
        {"state", "done"},
        {"bus", bus_},
        {"unit", request_.unit},
        {"table", std::string(to_string(request_.table))},
        {"function", read_function_code(request_.table)},
        {"address", request_.address},
        {"count", request_.count},
        {"type", request_.type ? json(config::enum_name(*request_.type)) : json(nullptr)},
        {"order", request_.order ? json(config::enum_name(*request_.order)) : json(nullptr)},
        {"scale", request_.scale},
        {"answered", r.ok()},
        {"failure", r.ok() ? json(nullptr) : json(std::string(to_string(r.error.failure)))},
        {"error", r.ok() ? json(nullptr) : json(r.text)},
        {"latency_ms", ms}};
    if (r.ok())
      report.update(probe_decode(request_, values));
    else
      report.update({{"values", json::array()}, {"decodes", json::array()}, {"chosen", nullptr}});
    publish(std::move(report), true);
    return false;
  }

 private:
  std::string bus_;
  ProbeRequest request_;
  RawRead read_;
};

// Modbus exceptions 0A and 0B come from a TCP gateway about the device behind it: the gateway
// answered, the unit did not (MODBUS Application Protocol V1.1b3 §7).
bool gateway_says_absent(const RequestError& e) {
  return e.failure == Failure::exception && (e.exception_code == 0x0A || e.exception_code == 0x0B);
}

class ScanErrand final : public BusErrand {
 public:
  ScanErrand(std::string bus, const ScanRequest& request, RawRead read)
      : bus_(std::move(bus)), request_(request), read_(std::move(read)), next_(request.first) {
    report_ = {{"state", "running"},
               {"bus", bus_},
               {"first", request_.first},
               {"last", request_.last},
               {"total", request_.last - request_.first + 1},
               {"table", std::string(to_string(request_.table))},
               {"function", read_function_code(request_.table)},
               {"address", request_.address},
               {"scanned", 0},
               {"found", json::array()},
               {"error", nullptr}};
    publish(report_, false);
  }

 protected:
  bool do_step() override {
    if (next_ == request_.first)
      spdlog::info("[modbus:{}] scan of units {}-{} ({} {}) started", bus_, request_.first,
                   request_.last, to_string(request_.table), request_.address);
    for (int n = 0; n < kScanUnitsPerTurn && next_ <= request_.last; ++n, ++next_) {
      std::array<std::uint16_t, 1> value{};
      const SteadyTime start = SteadyClock::now();
      const ReadResult r = read_(ReadCommand{next_, request_.table, request_.address, 1}, value);
      const double ms = ms_since(start);
      if (r.error.failure == Failure::connection) {
        report_["state"] = "failed";
        report_["error"] = "the link failed at unit " + std::to_string(next_) + ": " + r.text;
        spdlog::warn("[modbus:{}] scan stopped at unit {}: {}", bus_, next_, r.text);
        publish(report_, true);
        return false;
      }
      report_["scanned"] = next_ - request_.first + 1;
      if (r.error.failure == Failure::timeout || gateway_says_absent(r.error)) continue;
      const char* reply = r.ok() ? (is_bit_table(request_.table) ? "bits" : "registers")
                          : r.error.failure == Failure::exception ? "exception"
                                                                  : "garbled";
      report_["found"].push_back({{"unit", next_},
                                  {"reply", reply},
                                  {"detail", r.ok() ? json(nullptr) : json(r.text)},
                                  {"latency_ms", ms}});
    }
    const bool done = next_ > request_.last;
    if (done) {
      report_["state"] = "done";
      spdlog::info("[modbus:{}] scan of units {}-{} done: {} answered", bus_, request_.first,
                   request_.last, report_["found"].size());
    }
    publish(report_, done);
    return !done;
  }

 private:
  std::string bus_;
  ScanRequest request_;
  RawRead read_;
  int next_;
  json report_;  // the bus thread's copy; published after each step
};

}  // namespace

std::shared_ptr<BusErrand> make_probe_errand(std::string bus, const ProbeRequest& request,
                                             RawRead read) {
  return std::make_shared<ProbeErrand>(std::move(bus), request, std::move(read));
}

std::shared_ptr<BusErrand> make_scan_errand(std::string bus, const ScanRequest& request,
                                            RawRead read) {
  return std::make_shared<ScanErrand>(std::move(bus), request, std::move(read));
}

}  // namespace sw::modbus
