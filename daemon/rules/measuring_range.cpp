// SPDX-License-Identifier: Apache-2.0
#include "rules/measuring_range.hpp"

#include <cmath>
#include <limits>

#include "rules/condition_text.hpp"

namespace sw::rules {

void judge_range(const std::optional<MeasuringRange>& known, Sample& sample) {
  const bool good = sample.quality == Quality::good;
  if (!good && sample.quality != Quality::out_of_range) return;
  if (!known) {
    if (!good && sample.over_range != RangeSide::none)
      sample.value = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const MeasuringRange& range = *known;
  if (!std::isfinite(sample.value)) {
    // No number from the device: the side the driver named gives the limit; else nothing known.
    if (good || sample.over_range == RangeSide::none) return;
    sample.value = sample.over_range == RangeSide::high ? range.max : range.min;
    return;
  }
  RangeSide side = sample.over_range;
  if (side == RangeSide::none) {
    if (sample.value > range.max)
      side = RangeSide::high;
    else if (sample.value < range.min)
      side = RangeSide::low;
    else if (good)
      return;  // within range: a plain reading, untouched
  }
  if (good)
    sample.reason =
        side == RangeSide::high
            ? "读数 " + format_number(sample.value) + " 超出量程上限 " + format_number(range.max)
            : "读数 " + format_number(sample.value) + " 低于量程下限 " + format_number(range.min);
  sample.quality = Quality::out_of_range;
  sample.over_range = side;
  if (side == RangeSide::high) sample.value = range.max;
  if (side == RangeSide::low) sample.value = range.min;
}

}  // namespace sw::rules
