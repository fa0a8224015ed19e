// SPDX-License-Identifier: Apache-2.0
#include "pipeline.hpp"

namespace sw {

namespace {
// Samples waiting for the rules thread; at 100,000 samples/s this is a second of slack. Beyond it
// samples are refused and counted (shown on the console), never blocking a poller.
constexpr std::size_t kQueueCapacity = 100'000;
// The rules thread turns at least once a second; five missed turns mean it is stuck.
constexpr Millis kRulesStuckAfter{5000};
}  // namespace

Pipeline::Pipeline(config::SiteConfig& config, GatewayStore& store, LiveStateBoard& board,
                   MessageSeq& seq, std::function<void()> wake_publisher, GatewayEvents& events,
                   GatewayConditions& conditions)
    : queue_(kQueueCapacity),
      rules_(std::make_unique<RulesThread>(config, store, queue_, board, seq,
                                           std::move(wake_publisher), events, conditions)) {
  for (auto& bus : config.buses)
    if (bus.instance)
      pollers_.push_back(std::make_unique<BusPoller>(std::move(bus.instance), queue_));
  config.buses.clear();
}

Pipeline::~Pipeline() {
  stop();
}

void Pipeline::stop() {
  for (auto& p : pollers_) p->request_stop();
  for (auto& p : pollers_) p->join();  // a poller in a blocking read returns within its timeout
  rules_->request_stop();
  rules_->join();
  queue_.close();
}

void Pipeline::start() {
  rules_->start();
  for (auto& p : pollers_) p->start();
}

std::vector<DeviceStatus> Pipeline::device_status() const {
  std::vector<DeviceStatus> out;
  for (const auto& p : pollers_) {
    auto s = p->driver().device_status();
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

BusPoller* Pipeline::poller(std::string_view name) {
  for (auto& p : pollers_)
    if (p->driver().bus_name() == name) return p.get();
  return nullptr;
}

std::vector<std::string> Pipeline::bus_names() const {
  std::vector<std::string> out;
  for (const auto& p : pollers_) out.push_back(p->driver().bus_name());
  return out;
}

bool Pipeline::alive(SteadyTime now) const {
  return now - rules_->last_turn() < kRulesStuckAfter;
}

}  // namespace sw
