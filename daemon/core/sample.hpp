// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "core/clock.hpp"
#include "core/point.hpp"
#include "core/quality.hpp"

namespace sw {

// One observation of one point. `value` means something only when `quality` is good; a failed read
// carries the reason instead (quoted from the device or the transport). A plain good reading has
// empty strings, so it moves through the pipeline without touching the heap; the point is named by
// its index (core/point.hpp), and only messages, logs and the console look its id up.
struct Sample {
  PointIndex point = 0;
  double value = 0;
  Quality quality = Quality::good;
  WallTime time;
  std::string reason;
  std::string text;  // for the few text-valued points (a camera's codec); empty otherwise
  // Set with quality out_of_range when the side is known; `value` is then the range limit on
  // that side (what the reading is at least), never a made-up number.
  RangeSide over_range = RangeSide::none;
};

}  // namespace sw
