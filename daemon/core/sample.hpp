#pragma once
#include <string>

#include "core/clock.hpp"
#include "core/point.hpp"
#include "core/quality.hpp"

namespace sw {

// One observation of one point. `value` means something only when `quality` is good; a failed read
// carries the reason instead (quoted from the device or the transport).
struct Sample {
  PointId point;
  double value = 0;
  Quality quality = Quality::good;
  WallTime time;
  std::string reason;
  std::string text;  // for the few text-valued points (a camera's codec); empty otherwise
};

}  // namespace sw
