// SPDX-License-Identifier: Apache-2.0
#include "store/outbound_message.hpp"

namespace sw::store {

std::string_view to_string(Lane lane) {
  switch (lane) {
    case Lane::alarm:
      return "alarm";
    case Lane::event:
      return "event";
    case Lane::status:
      return "status";
    case Lane::telemetry:
      return "telemetry";
  }
  return "unknown";
}

}  // namespace sw::store
