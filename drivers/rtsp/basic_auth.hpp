// SPDX-License-Identifier: Apache-2.0
#pragma once
// HTTP Basic authentication (RFC 7617): the credentials in base64. Only ever sent after a Basic
// challenge from the camera, never preemptively; Digest is preferred when both are offered.
#include <string>
#include <string_view>

namespace sw::rtsp {

// "Basic " + base64(user ":" password).
std::string basic_authorization(std::string_view username, std::string_view password);
std::string base64_encode(std::string_view data);

}  // namespace sw::rtsp
