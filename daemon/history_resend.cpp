// SPDX-License-Identifier: Apache-2.0
#include "history_resend.hpp"

#include <string_view>
#include <unordered_map>

#include "core/ulid.hpp"

namespace sw {

namespace {
// Samples per telemetry message: a resend of 100,000 rows is 200 messages of ~40 KB.
constexpr std::size_t kSamplesPerMessage = 500;
}  // namespace

HistoryResend::HistoryResend(GatewayStore& store, MessageSeq& seq, uplink::MessageEncoder encoder,
                             uplink::Topics topics,
                             std::shared_ptr<const std::vector<PointInfo>> points)
    : store_(store),
      seq_(seq),
      encoder_(std::move(encoder)),
      topics_(std::move(topics)),
      points_(std::move(points)) {}

ResendOutcome HistoryResend::run(WallTime from, WallTime to, std::size_t max_rows) {
  ResendOutcome outcome;
  std::vector<store::HistoryRecord> records = store_.history("", from, to, max_rows);
  if (records.size() == max_rows) {
    // Cut: drop the last millisecond's rows (others of that time may be missing) and say where
    // the platform should ask again from.
    const WallTime last = records.back().time;
    while (!records.empty() && records.back().time == last) records.pop_back();
    outcome.resume_from = last;
  }
  outcome.samples = records.size();
  if (records.empty()) return outcome;

  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(points_->size());
  for (std::size_t i = 0; i < points_->size(); ++i) index.emplace((*points_)[i].id, i);

  const WallTime wall = WallClock::now();
  std::vector<store::OutboundMessage> messages;
  std::vector<Sample> chunk;
  std::vector<PointInfo> infos;  // the chunk's own point table: a record's point may be gone
  for (std::size_t i = 0; i < records.size(); i += kSamplesPerMessage) {
    const std::size_t end = std::min(records.size(), i + kSamplesPerMessage);
    chunk.clear();
    infos.clear();
    for (std::size_t k = i; k < end; ++k) {
      const store::HistoryRecord& rec = records[k];
      PointInfo info;
      if (const auto it = index.find(rec.point); it != index.end()) info = (*points_)[it->second];
      info.id = rec.point;
      Sample s;
      s.point = static_cast<PointIndex>(infos.size());
      s.value = rec.value;
      s.quality = rec.quality;
      s.time = rec.time;
      infos.push_back(std::move(info));
      chunk.push_back(s);
    }
    store::OutboundMessage m;
    m.id = make_ulid(wall);
    m.seq = seq_.next();
    m.lane = store::Lane::telemetry;
    m.topic = topics_.telemetry();
    m.payload = encoder_.mark_resent(
        encoder_.telemetry(chunk, infos, false, m.id, m.seq, chunk.front().time));
    m.created = wall;
    outcome.bytes += static_cast<std::int64_t>(m.payload.size());
    messages.push_back(std::move(m));
  }
  store_.add_messages(messages);
  return outcome;
}

}  // namespace sw
