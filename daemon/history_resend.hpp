// SPDX-License-Identifier: Apache-2.0
#pragma once
// A platform resend (`resend` command, 续传 on request): the stored history of [from, to) as
// telemetry messages marked resent, at most kMaxResendRows rows, added to the outbox. Built on the
// caller's thread (the platform's command dispatcher) from the console's read connection, so
// neither the rules thread nor detection waits for it (issue 13 item 4, issue 19 item 4).
#include <cstddef>
#include <memory>
#include <vector>

#include "core/clock.hpp"
#include "core/point.hpp"
#include "gateway_store.hpp"
#include "message_seq.hpp"
#include "resend_outcome.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/topics.hpp"

namespace sw {

class HistoryResend {
 public:
  // `points`: the running configuration's point table, for the names and units a message carries;
  // a stored point the configuration no longer has goes out under its id alone.
  HistoryResend(GatewayStore& store, MessageSeq& seq, uplink::MessageEncoder encoder,
                uplink::Topics topics, std::shared_ptr<const std::vector<PointInfo>> points);

  // Reads, builds and queues; the outcome says how much, and where a cut range stopped.
  // Throws store::StoreError.
  ResendOutcome run(WallTime from, WallTime to, std::size_t max_rows = kMaxResendRows);

 private:
  GatewayStore& store_;
  MessageSeq& seq_;
  const uplink::MessageEncoder encoder_;
  const uplink::Topics topics_;
  const std::shared_ptr<const std::vector<PointInfo>> points_;
};

}  // namespace sw
