// SPDX-License-Identifier: Apache-2.0
#pragma once
// A sensor's measuring range (`range = [min, max]` on a point or its profile): a reading past it
// is out_of_range, never good, and on a known side it stands for the range limit — a methane head
// driven past its 0–4 %CH4 range reads at least 4 %CH4 (DOMAIN.md §1 over-range).
#include <optional>
#include <string>

#include "core/sample.hpp"
#include "options/option_values.hpp"

namespace sw::rules {

struct MeasuringRange {
  double min = 0;
  double max = 0;
  bool operator==(const MeasuringRange&) const = default;
};

// Judges a sample against the range, in place: a good value past it becomes out_of_range on its
// side; an out_of_range reading whose side is known (from the driver, or a value past the range)
// takes that side's limit as its value. Idempotent. Without a range only a driver's side counts,
// and the value is then unknown (NaN): the device's number past its range means nothing.
void judge_range(const std::optional<MeasuringRange>& range, Sample& sample);

}  // namespace sw::rules

namespace sw::config {

template <>
struct ValueTraits<rules::MeasuringRange> {
  static constexpr std::string_view type_name() { return "[min, max]"; }
  static std::string describe(const rules::MeasuringRange& r) {
    return fmt::format("[{}, {}]", r.min, r.max);
  }
  static rules::MeasuringRange parse(const toml::node& n, const Context& ctx,
                                     const std::string& key) {
    const auto* arr = n.as_array();
    if (arr == nullptr || arr->size() != 2)
      fail_at(ctx, n, key, "expected [min, max], two numbers, e.g. [0, 4.0]");
    rules::MeasuringRange r{ValueTraits<double>::parse(*arr->get(0), ctx, key),
                            ValueTraits<double>::parse(*arr->get(1), ctx, key)};
    if (!std::isfinite(r.min) || !std::isfinite(r.max) || !(r.min < r.max))
      fail_at(ctx, n, key, fmt::format("expected min < max, got [{}, {}]", r.min, r.max));
    return r;
  }
};

}  // namespace sw::config
