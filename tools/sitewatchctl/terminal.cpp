// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace sw::console {

bool is_terminal(int fd) {
  return ::isatty(fd) == 1;
}

bool color_wanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return is_terminal(fd);
}

}  // namespace sw::console
