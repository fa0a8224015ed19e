#include "telemetry/statistics_window.hpp"

#include <algorithm>

namespace sw::telemetry {

WallTime StatisticsWindow::window_start_of(WallTime t) const {
  const auto ms = to_epoch_ms(t);
  const auto w = window_.count();
  return from_epoch_ms(ms - ((ms % w) + w) % w);
}

void StatisticsWindow::emit(const PointId& point, const Accumulator& acc,
                            std::vector<PointStatistics>& out) const {
  out.push_back({point, acc.window_start, window_, acc.min, acc.max,
                 acc.sum / static_cast<double>(acc.count), acc.count});
}

void StatisticsWindow::add(const Sample& sample) {
  if (window_.count() <= 0 || sample.quality != Quality::good) return;
  const WallTime start = window_start_of(sample.time);
  auto [it, fresh] = open_.try_emplace(sample.point);
  Accumulator& acc = it->second;
  if (!fresh && acc.window_start != start) {
    // A late sample of a window already closed is not counted; a sample of a later window closes
    // the open one now (reported at the next close_due), so nothing accumulated is lost.
    if (start < acc.window_start) return;
    if (acc.count > 0) emit(it->first, acc, closed_);
    fresh = true;
  }
  if (fresh || acc.count == 0) {
    acc.window_start = start;
    acc.min = acc.max = sample.value;
    acc.sum = 0;
    acc.count = 0;
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
  for (auto it = open_.begin(); it != open_.end();) {
    if (it->second.window_start < current) {
      if (it->second.count > 0) emit(it->first, it->second, out);
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<WallTime> StatisticsWindow::next_close() const {
  if (window_.count() <= 0 || open_.empty()) return std::nullopt;
  WallTime earliest = WallTime::max();
  for (const auto& [point, acc] : open_) earliest = std::min(earliest, acc.window_start);
  return earliest + window_;
}

}  // namespace sw::telemetry
