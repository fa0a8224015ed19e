// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text as a terminal shows it. Point names and locations are often Chinese (回风隅角), and each
// such character takes two columns: counting bytes or code points would misalign every table.
#include <cstddef>
#include <string>
#include <string_view>

namespace sw::console {

// Columns `text` (UTF-8) takes on a terminal: East Asian wide and fullwidth characters count two,
// combining marks none.
std::size_t display_width(std::string_view text);

// Text from the daemon (device error strings, names from the config) made safe to print: control
// characters (which could move the cursor or recolour the terminal) and invalid UTF-8 become '?'.
std::string printable(std::string_view text);

}  // namespace sw::console
