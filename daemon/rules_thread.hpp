// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rules thread: the single owner of all rule and alarm state (no locks in the rules). Each turn
// it takes every queued sample, runs the hazard engine and the alarm book, writes the resulting
// alarm events, alarm state and messages to the store in one transaction, wakes the publisher, and
// publishes a snapshot for the console.
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "alarms/alarm_book.hpp"
#include "config/site_config.hpp"
#include "core/blocking_queue.hpp"
#include "gateway_conditions.hpp"
#include "gateway_events.hpp"
#include "gateway_store.hpp"
#include "live_state.hpp"
#include "message_seq.hpp"
#include "operator_request.hpp"
#include "rules/rule_engine.hpp"
#include "telemetry/telemetry_reporter.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/topics.hpp"

namespace sw {

class RulesThread {
 public:
  // `seq`: the gateway's message sequence, shared with the publisher (status, replies).
  // `gateway_events`: posted by any thread, sent from here through the outbox (event lane).
  // `gateway_conditions`: the gateway's own alarms (its ledger, the 隐患台账's deadlines), set by
  // any thread, applied here.
  RulesThread(const config::SiteConfig& config, GatewayStore& store, BlockingQueue<Sample>& inbound,
              LiveStateBoard& board, MessageSeq& seq, std::function<void()> wake_publisher,
              GatewayEvents& gateway_events, GatewayConditions& gateway_conditions);
  ~RulesThread();  // stops and joins
  RulesThread(const RulesThread&) = delete;
  RulesThread& operator=(const RulesThread&) = delete;

  // Before the first start, at start-up: the alarms that were live before the daemon stopped.
  // Throws StoreError.
  void restore_from_store();
  // A reload, before start(): takes over the state of `old` (stopped and joined): its rule
  // engine's per-point state, alarms, telemetry and counters, mapped by point id.
  void carry_over(RulesThread& old);
  // A reload: moves the operator requests `old` has not answered to this thread.
  void adopt_requests(RulesThread& old);

  void start();
  void request_stop();
  void join();
  // Hands an operator's action to the rules thread; the future resolves when it is done.
  std::future<OperatorAnswer> post(std::unique_ptr<OperatorRequest> request);
  // The site's points by index, immutable (a resend names its points from it).
  std::shared_ptr<const std::vector<PointInfo>> point_table() const { return points_; }
  // Tests: the next `turns` turns that make messages fail while making them (after the alarm
  // messages, before the rest), as an encoder bug or a failed allocation would.
  void inject_encode_faults(int turns) { encode_faults_ = turns; }
  // Steady time of the last completed turn, for the watchdog.
  SteadyTime last_turn() const { return SteadyTime{SteadyTime::duration{last_turn_.load()}}; }

 private:
  void run();
  // Ends, on the record, alarms restored or carried over for points the config no longer has
  // (they would never hear their condition again); the events go out with the first turn.
  void end_alarms_of_removed_points();
  void turn(std::vector<Sample>& samples);
  void handle_requests(std::vector<AlarmEvent>& events);
  void answer_requests();
  void drop_idle_reports(std::vector<rules::Condition>& conditions, std::size_t from) const;
  void maintain_store(SteadyTime now, WallTime wall);
  // Operator requests queued, gateway events or conditions, or alarm-state changes not yet
  // written.
  bool has_pending_work();
  void encode(const std::vector<AlarmEvent>& events,
              const std::vector<telemetry::TelemetryBatch>& batches,
              const std::vector<telemetry::PointStatistics>& statistics, CommitBatch& out);
  void encode_gateway_events(CommitBatch& out);
  // The turn's messages: alarms (with those of earlier turns that could not be made), telemetry,
  // statistics, gateway events. When making them fails, the batch keeps no message and
  // the alarm events wait in unencoded_ for the next turn; they are ledgered all the same.
  void make_messages(const std::vector<AlarmEvent>& events, CommitBatch& batch);
  void publish_snapshot(bool force);
  void add_point_views(LiveState& state) const;  // every point's line, for the console
  SteadyTime next_deadline() const;

  // The site's points by index: immutable, shared with every console snapshot.
  std::shared_ptr<const std::vector<PointInfo>> points_;
  GatewayStore& store_;
  BlockingQueue<Sample>& inbound_;
  LiveStateBoard& board_;
  std::function<void()> wake_publisher_;
  GatewayEvents& gateway_events_;
  GatewayConditions& gateway_conditions_;
  std::vector<GatewayEvent> gateway_events_taken_;
  uplink::MessageEncoder encoder_;
  uplink::Topics topics_;
  rules::RuleEngine engine_;
  alarms::AlarmBook book_;
  telemetry::TelemetryReporter telemetry_;
  MessageSeq& seq_;
  // Hazard steps as messages (GatewayStore::set_hazard_messages), in this pipeline's format.
  GatewayStore::HazardMessageFn hazard_messages_;
  // Each point's key in the store's `points` table, by index: what its history rows carry.
  std::vector<std::int64_t> store_keys_;
  SteadyTime next_upkeep_{};
  SteadyTime next_trim_{};  // the next malloc_trim (maintain_store)
  std::uint64_t processed_ = 0;
  std::uint64_t waker_id_ = 0;  // LiveStateBoard's number for our wake-up
  // Kept between turns (cleared, not freed), so a turn of plain samples allocates nothing.
  std::vector<rules::Condition> conditions_;
  std::vector<AlarmEvent> events_;
  std::vector<telemetry::TelemetryBatch> batches_;
  std::vector<telemetry::PointStatistics> statistics_;
  // Alarm events made before the first turn (restore, carry-over), written by it.
  std::vector<AlarmEvent> initial_events_;
  // Alarm events ledgered whose messages could not be made: made again next turn.
  std::vector<AlarmEvent> unencoded_;
  std::atomic<int> encode_faults_{0};

  std::mutex requests_mutex_;
  std::deque<std::unique_ptr<OperatorRequest>> requests_;
  // Handled this turn, answered at its end.
  std::vector<std::pair<std::unique_ptr<OperatorRequest>, OperatorAnswer>> answers_;
  std::atomic<bool> stop_{false};
  std::atomic<SteadyTime::rep> last_turn_{0};
  std::thread thread_;
};

}  // namespace sw
