// SPDX-License-Identifier: Apache-2.0
// sitewatchctl: the console of sitewatchd, in the spirit of chronyc (see docs/console.md).
#include <iostream>

#include "sitewatchctl/ctl_app.hpp"

int main(int argc, char** argv) {
  return sw::console::run_sitewatchctl(argc, argv, std::cout, std::cerr);
}
