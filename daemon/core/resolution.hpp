// SPDX-License-Identifier: Apache-2.0
#pragma once
// A measured value is sent as it was measured: rounded to the point's resolution, so the binary
// noise of scaling (277 / 10 = 27.700000000000003) or of a float32 widened to double
// (9.002748489379883) never reaches telemetry, alarms, statistics or the console, and the JSON
// printer's shortest round-trip form then prints 27.7 and 9.002748.
namespace sw {

// The decimal digits a double holds exactly (DBL_DIG): what arithmetic on measured values keeps.
inline constexpr int kDoubleDigits = 15;
// A float32 carries 24 bits of mantissa, 7.2 significant decimal digits.
inline constexpr int kFloat32Digits = 7;

// Rounded to `decimals` places (0..15); a non-finite value is returned as it is.
double round_decimals(double value, int decimals);
// Rounded to `digits` significant digits (1..17).
double round_significant(double value, int digits);
// The fewest decimals (0..10) that show `step` exactly, e.g. 0.01 → 2, 0.5 → 1, 10 → 0; 10 when
// none does (a step like 1/3).
int decimals_of(double step);

}  // namespace sw
