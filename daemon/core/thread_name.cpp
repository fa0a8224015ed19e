// SPDX-License-Identifier: Apache-2.0
#include "core/thread_name.hpp"

#include <pthread.h>

#include <string>

namespace sw {

void name_this_thread(std::string_view name) {
  const std::string cut(name.substr(0, 15));  // longer names are refused (ERANGE), not cut
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace sw
