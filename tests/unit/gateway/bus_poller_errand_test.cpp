// SPDX-License-Identifier: Apache-2.0
// A bus's poller running a commissioning errand (probe, scan) between its regular polls: the
// polls that fall due come between the errand's steps, one errand at a time, and a poller that
// stops ends its errand with the reason instead of leaving the asker waiting.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bus_poller.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace std::chrono_literals;

namespace {

// What happened on the bus, in order: 'P' a regular poll, 'E' an errand's step.
struct Timeline {
  std::mutex mutex;
  std::string events;
  void add(char c) {
    std::lock_guard lock(mutex);
    events += c;
  }
  std::string read() {
    std::lock_guard lock(mutex);
    return events;
  }
};

class FakeDriver final : public BusDriver {
 public:
  FakeDriver(Timeline& timeline, Millis period) : timeline_(timeline), period_(period) {}
  const std::string& bus_name() const override { return name_; }
  void poll(SteadyTime now, std::vector<Sample>&) override {
    timeline_.add('P');
    next_ = now + period_;
  }
  SteadyTime next_due() const override { return next_; }
  void stop() override {}
  std::vector<DeviceStatus> device_status() const override { return {}; }
  std::string point_id(PointIndex) const override { return {}; }

 private:
  Timeline& timeline_;
  Millis period_;
  std::string name_ = "face-3";
  SteadyTime next_ = SteadyClock::now();
};

// Steps `steps` times (forever when 0), each holding the line for `hold`.
class CountingErrand final : public BusErrand {
 public:
  CountingErrand(Timeline& timeline, int steps, Millis hold)
      : timeline_(timeline), steps_(steps), hold_(hold) {}

 protected:
  bool do_step() override {
    timeline_.add('E');
    std::this_thread::sleep_for(hold_);
    const bool more = steps_ == 0 || ++done_ < steps_;
    publish({{"state", more ? "running" : "done"}, {"steps", done_}}, !more);
    return more;
  }

 private:
  Timeline& timeline_;
  int steps_;
  Millis hold_;
  int done_ = 0;
};

}  // namespace

TEST_CASE("an errand runs a step per turn and the polls that fall due come between its steps") {
  Timeline timeline;
  BlockingQueue<Sample> queue(100);
  BusPoller poller(std::make_unique<FakeDriver>(timeline, 20ms), queue);
  poller.start();
  REQUIRE(sw::test::wait_until([&] { return timeline.read().find('P') != std::string::npos; }));
  auto errand = std::make_shared<CountingErrand>(timeline, 5, 30ms);
  poller.post(errand);
  REQUIRE(errand->wait_finished(5000ms));
  CHECK(errand->report()["steps"] == 5);
  const std::string events = timeline.read();
  INFO(events);
  const auto first = events.find('E');
  const auto last = events.rfind('E');
  REQUIRE(first != std::string::npos);
  // Each step holds the line longer than the poll period: a poll comes between every two steps.
  CHECK(events.substr(first, last - first + 1).find("EE") == std::string::npos);
  CHECK(std::count(events.begin(), events.end(), 'E') == 5);
}

TEST_CASE("one errand at a time per bus: a second is refused while the first runs") {
  Timeline timeline;
  BlockingQueue<Sample> queue(100);
  BusPoller poller(std::make_unique<FakeDriver>(timeline, 50ms), queue);
  poller.start();
  auto first = std::make_shared<CountingErrand>(timeline, 0, 5ms);
  poller.post(first);
  auto second = std::make_shared<CountingErrand>(timeline, 1, 5ms);
  CHECK_THROWS_WITH(poller.post(second),
                    Catch::Contains("bus \"face-3\" is busy with another probe or scan"));
  first->cancel();  // withdrawn: the bus drops it at its next turn and takes the next one
  CHECK(sw::test::wait_until([&] {
    try {
      poller.post(second);
      return true;
    } catch (const ErrandRefused&) {
      return false;
    }
  }));
  CHECK(second->wait_finished(2000ms));
}

TEST_CASE("a poller that stops ends its errand with the reason and refuses new ones") {
  Timeline timeline;
  BlockingQueue<Sample> queue(100);
  BusPoller poller(std::make_unique<FakeDriver>(timeline, 20ms), queue);
  poller.start();
  auto errand = std::make_shared<CountingErrand>(timeline, 0, 5ms);
  poller.post(errand);
  REQUIRE(sw::test::wait_until([&] { return timeline.read().find('E') != std::string::npos; }));
  poller.request_stop();
  poller.join();
  REQUIRE(errand->finished());
  CHECK(errand->report()["state"] == "abandoned");
  CHECK(errand->report()["error"] == "the bus stopped (a reload or shutdown) before it was done");
  CHECK_THROWS_WITH(poller.post(std::make_shared<CountingErrand>(timeline, 1, 0ms)),
                    Catch::Contains("is stopping"));
}
