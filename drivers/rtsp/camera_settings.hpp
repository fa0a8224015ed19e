// SPDX-License-Identifier: Apache-2.0
#pragma once
// One [[bus.camera]] table: declared once with config::Options, validated without I/O.
#include <array>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/clock.hpp"
#include "drivers/rtsp/camera_health.hpp"
#include "drivers/rtsp/rtsp_url.hpp"
#include "options/options.hpp"

namespace sw::rtsp {

// The keys as written in the config file.
struct CameraSettings {
  std::string name;
  std::string url;           // may carry user:password; never printed as written
  std::string username;      // alternatively to the URL's user
  std::string password;      // never logged
  std::string auth = "any";  // "any": Digest, else Basic; "digest": never Basic (clear password)
  Millis period{10'000};
  Millis timeout{3'000};
  std::string point_prefix;  // default: the camera's name
  std::string location;
};

const config::Options<CameraSettings>& camera_options();

// The optional sub-tables that carry one generated point's own keys (name, location, profile,
// limits, ...): [bus.camera.online], [bus.camera.video], ...
inline constexpr std::array<std::string_view, 4> kPointTables{"online", "response_ms", "video",
                                                              "codec"};

// A camera ready to poll: credentials merged into the URL, ids resolved.
struct CameraConfig {
  std::string name;
  RtspUrl url;
  bool digest_only = false;  // auth = "digest": a camera offering only Basic fails auth
  Millis period{10'000};
  Millis timeout{3'000};
  std::string location;
  CameraPointIds points;
};

// Parses and checks one camera table. Throws config::ConfigError; no message quotes a password.
CameraConfig parse_camera(const toml::table& table, const config::Context& ctx);

}  // namespace sw::rtsp
