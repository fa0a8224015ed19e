// SPDX-License-Identifier: Apache-2.0
#pragma once
// One health probe of one camera: TCP connect, OPTIONS, DESCRIBE (Accept: application/sdp), with
// the 401 → credentials → retry flow of Basic and Digest, all within one deadline. The result says
// what a person needs to know; it never contains the credentials.
#include <string>

#include "core/clock.hpp"
#include "drivers/rtsp/rtsp_response.hpp"
#include "drivers/rtsp/rtsp_url.hpp"
#include "drivers/rtsp/sdp.hpp"
#include "drivers/rtsp/text_sanitizer.hpp"

namespace sw::rtsp {

struct ProbeOptions {
  RtspUrl url;           // its username/password, if any, are the credentials
  Millis timeout{3000};  // for the whole probe: connect, every request, every retry
  ResponseLimits limits;
  bool digest_only = false;  // refuse a camera that offers only Basic (the password in clear)
};

enum class ProbeOutcome {
  described,    // DESCRIBE answered 200 with an SDP (which may or may not hold video)
  auth_failed,  // the camera wants credentials we lack, refuses ours, or a scheme we cannot do
  rtsp_error,   // the camera speaks RTSP but gave no usable description (404, 5xx, bad SDP, hang)
  unreachable,  // no proper RTSP answer at all: refused, timeout, reset, not RTSP on that port
};

std::string_view to_string(ProbeOutcome outcome);

struct ProbeResult {
  ProbeOutcome outcome = ProbeOutcome::unreachable;
  // For counters: "" when described, else "resolve", "refused", "unreachable", "timeout",
  // "reset", "closed", "io", "protocol", "auth", "status", "sdp".
  std::string error_kind;
  std::string reason;      // short, for the sample ("authentication failed (401)")
  std::string detail;      // longer, for logs and device_status; sanitized like `reason`
  int status = 0;          // status code of the last RTSP answer; 0 when none came
  double response_ms = 0;  // from the start of the TCP connect to the DESCRIBE answer
  bool described = false;
  SdpSummary sdp;
  int requests = 0;  // RTSP requests sent, retries included
};

// Runs one probe; never throws for anything the network or the camera does.
ProbeResult probe_camera(const ProbeOptions& options, const TextSanitizer& sanitizer);

}  // namespace sw::rtsp
