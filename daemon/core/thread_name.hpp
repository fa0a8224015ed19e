// SPDX-License-Identifier: Apache-2.0
#pragma once
// Names the calling thread as `top -H`, `ps -L`, perf and gdb show it (Linux keeps 15 bytes).
// A gateway's operator asking "which part is busy" sees sw-rules or poll:<bus>, not nine
// threads all called sitewatchd.
#include <string_view>

namespace sw {

void name_this_thread(std::string_view name);

}  // namespace sw
