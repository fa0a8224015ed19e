// SPDX-License-Identifier: Apache-2.0
#pragma once
// {prefix}/{enterprise}/{gateway}/{alarm|telemetry|status|event|hazard|report|cmd|reply}
#include <string>

namespace sw::uplink {

class Topics {
 public:
  Topics(const std::string& prefix, const std::string& enterprise, const std::string& gateway)
      : base_(prefix + "/" + enterprise + "/" + gateway + "/") {}
  std::string alarm() const { return base_ + "alarm"; }
  std::string telemetry() const { return base_ + "telemetry"; }
  std::string status() const { return base_ + "status"; }
  std::string event() const { return base_ + "event"; }
  std::string hazard() const { return base_ + "hazard"; }
  std::string report() const { return base_ + "report"; }
  std::string cmd() const { return base_ + "cmd"; }
  std::string reply() const { return base_ + "reply"; }

 private:
  std::string base_;
};

}  // namespace sw::uplink
