// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/camera_settings.hpp"

#include <cctype>
#include <set>

namespace sw::rtsp {

namespace {

bool valid_prefix(const std::string& p) {
  if (p.empty() || !std::isalpha(static_cast<unsigned char>(p[0]))) return false;
  for (char c : p)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
      return false;
  return true;
}

bool printable_name(const std::string& n) {
  if (n.empty()) return false;
  for (char c : n)
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f || c == '/') return false;
  return true;
}

}  // namespace

const config::Options<CameraSettings>& camera_options() {
  static const auto opts = [] {
    config::Options<CameraSettings> o("bus.camera");
    o.require("name", &CameraSettings::name, "the camera's name in logs and device status")
        .check([](const CameraSettings& c) { return printable_name(c.name); },
               "expected a non-empty name without spaces or '/'");
    o.require("url", &CameraSettings::url,
              "rtsp://[user[:password]@]host[:port]/path of the stream to check");
    o.add("username", &CameraSettings::username,
          "user for Basic/Digest auth (or in the URL, not both)");
    o.add("password", &CameraSettings::password, "password for Basic/Digest auth; never logged");
    o.add("auth", &CameraSettings::auth,
          "\"any\": Digest when offered, else Basic; \"digest\": refuse Basic, which sends the "
          "password in clear")
        .check([](const CameraSettings& c) { return c.auth == "any" || c.auth == "digest"; },
               "expected \"any\" or \"digest\"");
    o.add("period", &CameraSettings::period, "how often the camera is checked")
        .between(Millis{1000}, Millis{3'600'000});
    o.add("timeout", &CameraSettings::timeout,
          "longest one check may take: connect, OPTIONS, DESCRIBE and auth retries together")
        .between(Millis{100}, Millis{60'000})
        .check([](const CameraSettings& c) { return c.timeout < c.period; },
               "must be shorter than the period");
    o.add("point_prefix", &CameraSettings::point_prefix,
          "prefix of the point ids <prefix>.online, .response_ms, .video, .codec (default: name)");
    o.add("location", &CameraSettings::location, "where the camera is, given to all its points");
    return o;
  }();
  return opts;
}

CameraConfig parse_camera(const toml::table& table, const config::Context& ctx) {
  CameraSettings s;
  const std::set<std::string> sub_tables(kPointTables.begin(), kPointTables.end());
  camera_options().parse(table, s, ctx, sub_tables);

  CameraConfig c;
  c.name = s.name;
  c.digest_only = s.auth == "digest";
  c.period = s.period;
  c.timeout = s.timeout;
  c.location = s.location;

  std::string problem;
  auto url = parse_rtsp_url(s.url, &problem);
  if (!url) ctx.fail(*table.get("url"), "url", problem);
  if (!s.username.empty() || !s.password.empty()) {
    const toml::node& at = *table.get(!s.username.empty() ? "username" : "password");
    if (url->has_credentials())
      ctx.fail(at, !s.username.empty() ? "username" : "password",
               "credentials given twice: in the url and as username/password; keep one");
    if (s.username.empty()) ctx.fail(at, "password", "a password needs a username");
    url->username = s.username;
    url->password = s.password;
  }
  c.url = std::move(*url);

  const std::string prefix = s.point_prefix.empty() ? s.name : s.point_prefix;
  if (!valid_prefix(prefix)) {
    const toml::node* at = table.get("point_prefix");
    ctx.fail(at != nullptr ? *at : *table.get("name"), at != nullptr ? "point_prefix" : "name",
             "a point id prefix needs letters, digits, '.', '-', '_' (starting with a letter)" +
                 std::string(at == nullptr ? "; set point_prefix" : ""));
  }
  c.points = CameraPointIds::with_prefix(prefix);
  return c;
}

}  // namespace sw::rtsp
