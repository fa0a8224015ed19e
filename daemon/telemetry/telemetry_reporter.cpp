// SPDX-License-Identifier: Apache-2.0
#include "telemetry/telemetry_reporter.hpp"

#include <algorithm>
#include <cmath>

namespace sw::telemetry {

TelemetryReporter::TelemetryReporter(TelemetrySettings settings, std::vector<double> deadbands,
                                     SteadyTime start)
    : settings_(settings),
      points_(deadbands.size()),
      next_change_flush_(start),
      next_snapshot_(settings.snapshot_period.count() > 0 ? start + settings.snapshot_period
                                                          : SteadyTime::max()),
      statistics_(settings.statistics_period, deadbands.size()) {
  for (std::size_t i = 0; i < deadbands.size(); ++i) points_[i].deadband = deadbands[i];
  pending_.reserve(points_.size());
}

void TelemetryReporter::carry_over(const TelemetryReporter& old, const PointCarryOver& from) {
  for (std::size_t i = 0; i < from.size() && i < points_.size(); ++i) {
    const PointIndex j = from[i];
    if (j >= old.points_.size()) continue;
    PointState& st = points_[i];
    const PointState& o = old.points_[j];
    st.seen = o.seen;
    st.reported = o.reported;
    st.quality = o.quality;
    st.value = o.value;
    st.latest = o.latest;
    st.latest.point = static_cast<PointIndex>(i);
    if (o.pending && !st.pending) {
      st.pending = true;
      pending_.push_back(static_cast<PointIndex>(i));
    }
  }
  next_change_flush_ = old.next_change_flush_;
  if (settings_.snapshot_period == old.settings_.snapshot_period)
    next_snapshot_ = old.next_snapshot_;
  statistics_.carry_over(old.statistics_, from);
}

void TelemetryReporter::on_sample(const Sample& sample) {
  if (sample.point >= points_.size()) return;
  statistics_.add(sample);
  PointState& st = points_[sample.point];
  st.latest = sample;
  st.seen = true;
  bool changed = !st.reported || st.quality != sample.quality;
  if (!changed && sample.quality == Quality::good) {
    // A deadband of 0 reports every change; otherwise only a move beyond it.
    changed = st.deadband <= 0 ? sample.value != st.value
                               : std::fabs(sample.value - st.value) > st.deadband;
  }
  if (changed && !st.pending) {
    st.pending = true;
    pending_.push_back(sample.point);
  }
}

void TelemetryReporter::add_batches(std::vector<Sample> samples, bool snapshot, WallTime wall_now,
                                    std::vector<TelemetryBatch>& out) const {
  const std::size_t max = settings_.max_points_per_message;
  for (std::size_t i = 0; i < samples.size(); i += max) {
    TelemetryBatch batch;
    batch.snapshot = snapshot;
    batch.time = wall_now;
    const auto end = std::min(samples.size(), i + max);
    batch.samples.assign(
        std::make_move_iterator(samples.begin() + static_cast<std::ptrdiff_t>(i)),
        std::make_move_iterator(samples.begin() + static_cast<std::ptrdiff_t>(end)));
    out.push_back(std::move(batch));
  }
}

void TelemetryReporter::flush_changes(WallTime wall_now, std::vector<TelemetryBatch>& batches) {
  std::vector<Sample> samples;
  samples.reserve(pending_.size());
  for (PointIndex i : pending_) {
    PointState& st = points_[i];
    st.pending = false;
    st.reported = true;
    st.value = st.latest.value;
    st.quality = st.latest.quality;
    samples.push_back(st.latest);
  }
  pending_.clear();
  add_batches(std::move(samples), false, wall_now, batches);
}

void TelemetryReporter::collect(SteadyTime now, WallTime wall_now,
                                std::vector<TelemetryBatch>& batches,
                                std::vector<PointStatistics>& statistics) {
  statistics_.close_due(wall_now, statistics);
  if (!settings_.enabled) {
    pending_.clear();
    for (auto& st : points_) st.pending = false;
    return;
  }
  if (now >= next_snapshot_) {
    // A snapshot carries every point heard from, in the config's order; pending changes are part
    // of it.
    std::vector<Sample> samples;
    samples.reserve(points_.size());
    for (auto& st : points_) {
      if (!st.seen) continue;
      st.pending = false;
      st.reported = true;
      st.value = st.latest.value;
      st.quality = st.latest.quality;
      samples.push_back(st.latest);
    }
    pending_.clear();
    add_batches(std::move(samples), true, wall_now, batches);
    while (next_snapshot_ <= now) next_snapshot_ += settings_.snapshot_period;
    next_change_flush_ = now + settings_.change_interval;
    return;
  }
  if (!pending_.empty() && now >= next_change_flush_) {
    flush_changes(wall_now, batches);
    next_change_flush_ = now + settings_.change_interval;
  }
}

SteadyTime TelemetryReporter::next_deadline() const {
  SteadyTime next = next_snapshot_;
  if (!pending_.empty()) next = std::min(next, next_change_flush_);
  return next;
}

}  // namespace sw::telemetry
