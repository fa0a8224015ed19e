// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the output goes to: colour only for a terminal, and never when NO_COLOR is set
// (https://no-color.org) or TERM=dumb.
namespace sw::console {

bool is_terminal(int fd);
bool color_wanted(int fd);

}  // namespace sw::console
