// SPDX-License-Identifier: Apache-2.0
#pragma once
// Site configs for the pipeline benchmarks, generated: `buses` TCP buses (one poller thread each),
// each with `devices` devices of `points` uint16 points with a gas profile, all served by one
// RegisterServer. Point ids are b<bus>.d<device>.p<point>; the first point of the site, b1.d1.p0,
// sits at holding register 0.
#include <string>

#include <fmt/format.h>

namespace sw::bench {

struct SiteShape {
  int buses = 1;
  int devices = 1;  // per bus (unit ids 1..devices, so at most 247)
  int points = 1;   // per device
  int period_ms = 1000;
  int modbus_port = 502;
  int mqtt_port = 1883;
  std::string dir;  // store and console socket go here
  std::string profile = "coal.methane.return_corner";
  double scale = 0.01;
  std::string extra;  // more TOML appended (sections of its own)

  int total_points() const { return buses * devices * points; }
};

inline std::string point_id(int bus, int device, int point) {
  return fmt::format("b{}.d{}.p{}", bus, device, point);
}

inline std::string site_config_text(const SiteShape& s) {
  std::string out = fmt::format(
      "[site]\nenterprise_code = \"BENCH-01\"\ngateway_id = \"gw-bench\"\nsite_type = "
      "\"coal_mine\"\ngas_class = \"high\"\n"
      "\n[mqtt]\nhost = \"127.0.0.1\"\nport = {}\nheartbeat = \"10s\"\n"
      "\n[store]\npath = \"{}/sitewatch.db\"\n"
      "\n[console]\nsocket = \"{}/console.sock\"\n"
      "\n[log]\nlevel = \"info\"\n",
      s.mqtt_port, s.dir, s.dir);
  out += s.extra;
  for (int b = 1; b <= s.buses; ++b) {
    out += fmt::format(
        "\n[[bus]]\nname = \"bus-{}\"\ndriver = \"modbus\"\ntransport = \"tcp\"\n"
        "host = \"127.0.0.1\"\nport = {}\ntimeout = \"500ms\"\n",
        b, s.modbus_port);
    for (int d = 1; d <= s.devices; ++d) {
      out +=
          fmt::format("  [[bus.device]]\n  name = \"dev-{}\"\n  unit = {}\n  period = \"{}ms\"\n",
                      d, d, s.period_ms);
      for (int p = 0; p < s.points; ++p)
        out += fmt::format(
            "    [[bus.device.point]]\n    id = \"{}\"\n    table = \"holding\"\n"
            "    address = {}\n    type = \"uint16\"\n    scale = {}\n    profile = \"{}\"\n",
            point_id(b, d, p), (d - 1) * s.points + p, s.scale, s.profile);
    }
  }
  return out;
}

}  // namespace sw::bench
