// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/rtsp_bus_config.hpp"

#include <set>

#include "drivers/rtsp/camera_settings.hpp"
#include "drivers/rtsp/rtsp_driver.hpp"

namespace sw::rtsp {

namespace {

struct BusSettings {};  // no keys of its own yet besides the [[bus.camera]] array

// What the driver fills in on each generated point; the rest comes from the point's sub-table.
struct GeneratedPoint {
  std::string_view table;  // sub-table name, also the id suffix
  const PointId CameraPointIds::*id;
  PointIndex CameraPointIds::Indices::*index;
  std::string_view quantity;
  std::string_view unit;
  bool is_switch;
};

constexpr GeneratedPoint kPoints[] = {
    {"online", &CameraPointIds::online, &CameraPointIds::Indices::online, "camera_online", "",
     true},
    {"response_ms", &CameraPointIds::response_ms, &CameraPointIds::Indices::response_ms,
     "response_time", "ms", false},
    {"video", &CameraPointIds::video, &CameraPointIds::Indices::video, "video_signal", "", true},
    {"codec", &CameraPointIds::codec, &CameraPointIds::Indices::codec, "codec", "", false},
};

// Keys of a point sub-table that the driver owns: the id follows point_prefix, the quantity and
// unit follow from what the point measures.
const std::set<std::string>& driver_owned_point_keys() {
  static const std::set<std::string> keys{"id", "quantity", "unit"};
  return keys;
}

void check_point_table(const toml::table& sub, const config::Context& ctx,
                       const PointRegistrar& points) {
  // Reported where the key stands, as the core's unknown-key errors are.
  for (const auto& [key, node] : sub) {
    const std::string k(key.str());
    if (driver_owned_point_keys().count(k))
      throw config::ConfigError(ctx.position_of(key), ctx.key_path(k),
                                "set by the rtsp driver (ids follow point_prefix); remove it");
    if (!points.point_keys().count(k)) {
      std::string allowed;
      for (const auto& p : points.point_keys())
        if (!driver_owned_point_keys().count(p)) allowed += (allowed.empty() ? "" : ", ") + p;
      throw config::ConfigError(ctx.position_of(key), ctx.key_path(k),
                                "unknown key; allowed are: " + allowed);
    }
  }
}

// The deepest node along `path` ("limits[0].below") inside `root` that exists.
const toml::node* locate(const toml::table& root, std::string_view path) {
  const toml::node* node = &root;
  const toml::node* found = nullptr;
  while (!path.empty() && node != nullptr) {
    if (path.front() == '.') path.remove_prefix(1);
    if (path.empty()) break;
    if (path.front() == '[') {
      const std::size_t close = path.find(']');
      if (close == std::string_view::npos || node->as_array() == nullptr) break;
      std::size_t index = 0;
      for (char c : path.substr(1, close - 1)) {
        if (c < '0' || c > '9') return found;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      node = node->as_array()->get(index);
      path.remove_prefix(close + 1);
    } else {
      const std::size_t end = path.find_first_of(".[");
      if (node->as_table() == nullptr) break;
      node = node->as_table()->get(path.substr(0, end));
      path.remove_prefix(end == std::string_view::npos ? path.size() : end);
    }
    if (node != nullptr) found = node;
  }
  return found;
}

// Hands one generated point to the core. The point's table is built from the user's sub-table
// (if any) plus what the driver knows. toml++ does not copy source positions, so an error the core
// finds in a copied key is re-thrown at the position of that key in the user's own table.
void register_point(const GeneratedPoint& gp, CameraConfig& camera, const toml::table& camera_table,
                    const config::Context& camera_ctx, PointRegistrar& points) {
  const std::string name(gp.table);
  const config::Context ctx = camera_ctx.child(name);
  const toml::table* sub = config::table_at(camera_table, name, camera_ctx);
  if (sub != nullptr) check_point_table(*sub, ctx, points);

  toml::table generated = sub != nullptr ? *sub : toml::table{};
  generated.insert_or_assign("id", camera.points.*gp.id);
  generated.insert_or_assign("quantity", std::string(gp.quantity));
  generated.insert_or_assign("unit", std::string(gp.unit));
  if (!camera.location.empty() && !generated.contains("location"))
    generated.insert("location", camera.location);
  if (!generated.contains("name")) generated.insert("name", camera.name + " " + name);

  try {
    PointInfo& info = points.add_point(generated, ctx, camera.name, camera.period, {});
    info.is_switch = gp.is_switch;
    camera.points.index.*gp.index = info.index;
  } catch (const config::ConfigError& e) {
    if (e.where().line != 0) throw;
    // Find the user's node the error is about ("...video.limits[0].below" → that `below`).
    const std::string prefix = ctx.path + ".";
    const toml::node* at = nullptr;
    if (e.key().rfind(prefix, 0) == 0) {
      const std::string key = e.key().substr(prefix.size());
      if (key == "id")  // the generated id: its source is point_prefix or the name
        at = camera_table.get("point_prefix") != nullptr ? camera_table.get("point_prefix")
                                                         : camera_table.get("name");
      else if (sub != nullptr)
        at = locate(*sub, key);
    }
    if (at == nullptr) at = sub != nullptr ? static_cast<const toml::node*>(sub) : &camera_table;
    if (at->source().begin.line == 0) at = &camera_table;
    throw config::ConfigError(ctx.position_of(*at), e.key(), e.problem());
  }
}

const config::Options<BusSettings>& bus_options() {
  static const config::Options<BusSettings> opts("bus (rtsp)");
  return opts;
}

}  // namespace

std::unique_ptr<BusDriver> configure_rtsp_bus(const toml::table& bus, const config::Context& ctx,
                                              PointRegistrar& points) {
  BusSettings settings;
  std::set<std::string> allowed = DriverFactory::bus_keys();
  allowed.insert("camera");
  bus_options().parse(bus, settings, ctx, allowed);

  const std::string bus_name =
      bus.get("name") != nullptr ? bus.get("name")->value_or(std::string{}) : std::string{};
  std::vector<CameraConfig> cameras;
  std::set<std::string> names;
  config::for_each_table(
      bus, "camera", ctx, [&](const toml::table& table, const config::Context& cctx) {
        CameraConfig camera = parse_camera(table, cctx);
        if (!names.insert(camera.name).second)
          cctx.fail(*table.get("name"), "name", "duplicate camera name \"" + camera.name + "\"");
        for (const auto& gp : kPoints) register_point(gp, camera, table, cctx, points);
        cameras.push_back(std::move(camera));
      });
  if (cameras.empty())
    throw config::ConfigError(ctx.position_of(bus), ctx.key_path("camera"),
                              "an rtsp bus needs at least one [[bus.camera]]");
  return std::make_unique<RtspDriver>(bus_name, std::move(cameras));
}

std::vector<std::pair<std::string, std::vector<config::OptionDoc>>> rtsp_option_docs() {
  std::vector<config::OptionDoc> bus_docs{
      {"camera", "array of tables", "", "the cameras checked on this bus ([[bus.camera]])", true}};
  std::vector<config::OptionDoc> point_docs;
  for (const auto& gp : kPoints)
    point_docs.push_back({std::string(gp.table), "table", "(none)",
                          "keys of the generated point <prefix>." + std::string(gp.table) +
                              " (quantity " + std::string(gp.quantity) +
                              "): name, location, profile, limits, ... — not id/quantity/unit",
                          false});
  return {{"bus (driver = \"rtsp\")", bus_docs},
          {"bus.camera", camera_options().docs()},
          {"bus.camera.<online|response_ms|video|codec>", point_docs}};
}

// Registration by name: the core never names a driver (drivers/driver_registry.hpp).
const DriverRegistration kRegistration{DriverFactory{
    "rtsp", "camera health over RTSP: OPTIONS/DESCRIBE with Basic/Digest auth, video and codec",
    configure_rtsp_bus, rtsp_option_docs}};

}  // namespace sw::rtsp
