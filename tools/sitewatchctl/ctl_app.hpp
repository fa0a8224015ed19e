// SPDX-License-Identifier: Apache-2.0
#pragma once
// sitewatchctl's command line (CLI11): one subcommand per console command, the global options,
// and the mapping of every failure to a documented exit code (ExitCode in console_client.hpp).
#include <ostream>

namespace sw::console {

int run_sitewatchctl(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace sw::console
