// SPDX-License-Identifier: Apache-2.0
#include "telemetry/statistics_window.hpp"

#include <algorithm>

#include "core/resolution.hpp"

namespace sw::telemetry {

namespace {
// A sum of a window's values loses a few of a double's 15 digits to rounding (n · 2^-53 of it):
// 12 significant digits keep the average exact to what was measured without its binary noise.
constexpr int kAverageDigits = 12;
}  // namespace

StatisticsWindow::StatisticsWindow(Millis window, std::size_t points)
    : window_(window), open_(points) {}

WallTime StatisticsWindow::window_start_of(WallTime t) const {
  const auto ms = to_epoch_ms(t);
  const auto w = window_.count();
  return from_epoch_ms(ms - ((ms % w) + w) % w);
}

void StatisticsWindow::emit(PointIndex point, const Accumulator& acc,
                            std::vector<PointStatistics>& out) const {
  out.push_back({point, acc.window_start, window_, acc.min, acc.max,
                 round_significant(acc.sum / static_cast<double>(acc.count), kAverageDigits),
                 acc.count});
}

void StatisticsWindow::add(const Sample& sample) {
  if (window_.count() <= 0 || sample.quality != Quality::good) return;
  if (sample.point >= open_.size()) open_.resize(sample.point + 1);
  const WallTime start = window_start_of(sample.time);
  Accumulator& acc = open_[sample.point];
  if (acc.count > 0 && acc.window_start != start) {
    // A late sample of a window already closed is not counted; a sample of a later window closes
    // the open one now (reported at the next close_due), so nothing accumulated is lost.
    if (start < acc.window_start) return;
    emit(sample.point, acc, closed_);
    acc.count = 0;
  }
  if (acc.count == 0) {
    acc.window_start = start;
    acc.min = acc.max = sample.value;
    acc.sum = 0;
    earliest_ = std::min(earliest_, start);
  }
  acc.min = std::min(acc.min, sample.value);
  acc.max = std::max(acc.max, sample.value);
  acc.sum += sample.value;
  ++acc.count;
}

void StatisticsWindow::close_due(WallTime now, std::vector<PointStatistics>& out) {
  if (window_.count() <= 0) return;
  out.insert(out.end(), closed_.begin(), closed_.end());
  closed_.clear();
  const WallTime current = window_start_of(now);
  if (earliest_ >= current) return;  // no open window has ended: nothing to walk
  earliest_ = WallTime::max();
  for (std::size_t i = 0; i < open_.size(); ++i) {
    Accumulator& acc = open_[i];
    if (acc.count == 0) continue;
    if (acc.window_start < current) {
      emit(static_cast<PointIndex>(i), acc, out);
      acc.count = 0;
    } else {
      earliest_ = std::min(earliest_, acc.window_start);
    }
  }
}

void StatisticsWindow::carry_over(const StatisticsWindow& old, const PointCarryOver& from) {
  if (window_ != old.window_ || window_.count() <= 0) return;
  if (open_.size() < from.size()) open_.resize(from.size());
  std::vector<PointIndex> to(old.open_.size(), kNoPointIndex);
  for (std::size_t i = 0; i < from.size(); ++i) {
    const PointIndex j = from[i];
    if (j >= old.open_.size()) continue;
    to[j] = static_cast<PointIndex>(i);
    open_[i] = old.open_[j];
    if (open_[i].count > 0) earliest_ = std::min(earliest_, open_[i].window_start);
  }
  for (PointStatistics st : old.closed_) {
    if (st.point >= to.size() || to[st.point] == kNoPointIndex) continue;
    st.point = to[st.point];
    closed_.push_back(st);
  }
}

std::optional<WallTime> StatisticsWindow::next_close() const {
  if (window_.count() <= 0 || earliest_ == WallTime::max()) return std::nullopt;
  return earliest_ + window_;
}

}  // namespace sw::telemetry
