// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/modbus_driver.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "drivers/driver_registry.hpp"
#include "drivers/modbus/commissioning_errands.hpp"
#include "drivers/modbus/modbus_connection.hpp"
#include "drivers/modbus/point_value.hpp"

namespace sw::modbus {

namespace {

std::vector<DeviceStatus> initial_status(const ModbusConfig& config) {
  std::vector<DeviceStatus> out;
  for (const auto& dev : config.devices) {
    DeviceStatus st;
    st.bus = config.bus.name;
    st.device = dev.name;
    out.push_back(std::move(st));
  }
  return out;
}

std::string seconds_text(Millis d) {
  return fmt::format("{:.1f}s", static_cast<double>(d.count()) / 1000.0);
}

}  // namespace

ModbusDriver::ModbusDriver(ModbusConfig config) : ModbusDriver(std::move(config), nullptr) {}

ModbusDriver::ModbusDriver(ModbusConfig config, std::unique_ptr<ModbusTransport> link)
    : config_(std::move(config)),
      link_(link ? std::move(link) : std::make_unique<ModbusConnection>(config_.bus)),
      log_prefix_(fmt::format("[modbus:{}]", config_.bus.name)),
      health_(initial_status(config_)) {
  const SteadyTime now = SteadyClock::now();
  spdlog::info("{} {} with {} device(s), {} point(s)", log_prefix_, link_->describe(),
               config_.devices.size(), config_.points.size());
  for (std::size_t d = 0; d < config_.devices.size(); ++d) {
    const DeviceSettings& dev = config_.devices[d];
    Device device{&dev,  fmt::format("[modbus:{}/unit {}]", config_.bus.name, dev.unit),
                  {},    DeviceBreaker(config_.bus.device_backoff_max),
                  false, false,
                  {},    {}};
    device.read_context.unit = dev.unit;
    device.read_context.log_prefix = device.log_prefix;
    device.read_context.on_request = [this, d](const ReadResult& r, double ms) {
      health_.record_request(d, r, ms);
    };
    for (auto& pg : make_poll_groups(config_, d)) {
      // The plan is logged once, so a field engineer can check it against the register map.
      spdlog::info("{} \"{}\" every {}: {} request(s): {}", device.log_prefix, dev.name,
                   format_duration(pg.period), pg.plan.size(), describe_plan(pg.plan));
      device.groups.push_back(Group{std::move(pg), now});
    }
    devices_.push_back(std::move(device));
  }
  count_planned_requests();
}

ModbusDriver::~ModbusDriver() = default;

SteadyTime ModbusDriver::next_due() const {
  SteadyTime next = SteadyTime::max();
  for (const auto& d : devices_)
    for (const auto& g : d.groups) next = std::min(next, g.next_due);
  return next;
}

void ModbusDriver::stop() {
  link_->close();
  link_up_ = false;
}

std::vector<DeviceStatus> ModbusDriver::device_status() const {
  return health_.snapshot();
}

void ModbusDriver::count_planned_requests() {
  std::size_t n = 0;
  for (const auto& d : devices_)
    for (const auto& g : d.groups) n += g.poll.plan.size();
  planned_requests_.store(n);
}

void ModbusDriver::poll(SteadyTime now, std::vector<Sample>& out) {
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    for (auto& group : devices_[d].groups) {
      if (group.next_due > now) continue;
      const SteadyTime scheduled = group.next_due;
      group.next_due += group.poll.period;
      if (group.next_due <= now) group.next_due = now + group.poll.period;  // behind: no burst
      poll_group(d, group, scheduled, now, out);
    }
  }
}

bool ModbusDriver::link_ready(SteadyTime now) {
  const bool was_up = link_up_;
  link_up_ = link_->ensure_open(now);
  if (link_up_ && !was_up) spdlog::info("{} connected: {}", log_prefix_, link_->describe());
  return link_up_;
}

void ModbusDriver::emit_unreachable(const Group& group, const std::string& reason,
                                    std::vector<Sample>& out) const {
  const WallTime now = WallClock::now();
  for (std::size_t i : group.poll.points)
    out.push_back(Sample{config_.points[i].index, 0, Quality::comm_loss, now, reason, {}});
}

void ModbusDriver::poll_group(std::size_t d, Group& group, SteadyTime scheduled, SteadyTime now,
                              std::vector<Sample>& out) {
  Device& device = devices_[d];
  const bool link_was_up = link_up_;
  if (!link_ready(now)) {
    if (link_was_up || !link_state_logged_) {
      spdlog::warn("{} \"{}\"; reconnecting with backoff (next attempt in {})", log_prefix_,
                   link_->last_error(),
                   seconds_text(std::chrono::duration_cast<Millis>(link_->reopen_at() - now)));
      link_state_logged_ = true;
    }
    health_.set_online(d, false);
    health_.set_last_error(d, link_->last_error());
    device.online = false;
    emit_unreachable(group, link_->last_error(), out);
    return;
  }
  if (!device.breaker.allows(now)) {
    emit_unreachable(
        group,
        fmt::format(
            "not asked: the device has not answered for {} cycle(s), last \"{}\"; next "
            "try in {}",
            device.breaker.silent_cycles(), device.last_logged_problem,
            seconds_text(std::chrono::duration_cast<Millis>(device.breaker.retry_at() - now))),
        out);
    return;
  }

  GroupReadContext& ctx = device.read_context;
  // Retries help a device that is there; for one already silent they only hold up the line.
  ctx.attempts = 1 + (device.online ? config_.bus.retries : 0);
  const std::size_t planned_before = group.poll.plan.size();
  read_group(*link_, ctx, group.poll.plan, group.poll.fields, read_);
  if (group.poll.plan.size() != planned_before) count_planned_requests();

  if (read_.link_broken) {
    link_->drop(now, read_.link_problem);
    link_up_ = false;
    link_state_logged_ = true;
    spdlog::warn("{} connection lost: \"{}\"; reconnecting with backoff", log_prefix_,
                 read_.link_problem);
  }
  emit_readings(device, group, out);

  if (read_.any_answer) {
    device.breaker.on_answer();
    silent_probes_ = 0;
  } else if (read_.link_broken) {
    // The link failed, not the device: it is neither blamed nor logged (the link's log says it).
    device.online = false;
    health_.set_online(d, false);
    health_.set_last_error(d, read_.link_problem);
    return;
  } else {
    device.breaker.on_silence(scheduled, group.poll.period);
    reopen_link_if_all_silent(now);
  }
  note_device_state(d, read_.any_answer, now);
}

void ModbusDriver::reopen_link_if_all_silent(SteadyTime now) {
  // A pulled cable or a gateway that lost its state leaves a TCP connection half open: no reset,
  // only timeouts, forever (contrib-modbus #192). When no device on the bus has answered for
  // three probes each, the link itself is suspect: reopen it.
  const std::size_t limit = 3 * devices_.size();
  if (++silent_probes_ < limit) return;
  silent_probes_ = 0;
  const std::string why = fmt::format("no device answered the last {} requests: reopening {}",
                                      limit, link_->describe());
  spdlog::warn("{} {}", log_prefix_, why);
  link_->drop(now, why);
  link_up_ = false;
  link_state_logged_ = true;
}

void ModbusDriver::emit_readings(const Device& device, const Group& group,
                                 std::vector<Sample>& out) const {
  const PollGroup& g = group.poll;
  StatusVerdict status;
  if (g.status_field) {
    const FieldResult& r = read_.result(*g.status_field);
    if (r.ok())
      status = evaluate_status(*device.settings->status, read_.words_of(*g.status_field)[0]);
    else  // unknown sensor state: its values cannot be vouched for
      status = {quality_of(r.error.failure), "status register not read: " + r.reason};
  }
  DecimalsReading decimals;
  if (g.decimals_field) {
    const FieldResult& r = read_.result(*g.decimals_field);
    if (r.ok())
      decimals.value =
          field_value(read_.words_of(*g.decimals_field)[0], device.settings->decimals->mask);
    else
      decimals.problem = r.reason;
  } else {
    decimals.problem = "not configured";
  }
  for (std::size_t k = 0; k < g.points.size(); ++k) {
    const PointSpec& p = config_.points[g.points[k]];
    const FieldResult& r = read_.result(k);
    Sample s;
    s.point = p.index;
    s.time = r.time == WallTime{} ? WallClock::now() : r.time;
    if (!r.ok()) {
      s.quality = quality_of(r.error.failure);
      s.reason = r.reason;
    } else {
      PointReading reading = read_point(p, read_.words_of(k), decimals, status);
      s.value = reading.value;
      s.quality = reading.quality;
      s.over_range = reading.over_range;
      s.reason = std::move(reading.reason);
    }
    out.push_back(std::move(s));
  }
}

void ModbusDriver::note_device_state(std::size_t d, bool answered, SteadyTime now) {
  Device& device = devices_[d];
  const bool was_online = device.online;
  device.online = answered;
  health_.set_online(d, answered);
  const std::string& problem = read_.first_problem;
  if (!problem.empty()) health_.set_last_error(d, problem);
  if (!answered) {
    if (was_online || !device.state_logged || problem != device.last_logged_problem)
      spdlog::warn("{} not answering: \"{}\"; next try in {}", device.log_prefix, problem,
                   seconds_text(std::chrono::duration_cast<Millis>(
                       std::max(device.breaker.retry_at() - now, SteadyClock::duration{0}))));
  } else if (!was_online && device.state_logged) {
    spdlog::info("{} answering again", device.log_prefix);
  } else if (!problem.empty() && problem != device.last_logged_problem) {
    spdlog::warn("{} \"{}\"", device.log_prefix, problem);
  } else if (!device.state_logged) {
    spdlog::info("{} answering", device.log_prefix);
  }
  if (!problem.empty() || answered) device.last_logged_problem = problem;
  device.state_logged = true;
}

ReadResult ModbusDriver::raw_read(const ReadCommand& cmd, std::span<std::uint16_t> out) {
  const SteadyTime now = SteadyClock::now();
  if (!link_ready(now)) {
    ReadResult r;
    r.error = {Failure::connection, 0};
    r.text = link_->last_error();
    return r;
  }
  ReadResult r = link_->read(cmd, out);
  if (r.error.failure == Failure::connection) {
    link_->drop(now, r.text);
    link_up_ = false;
    link_state_logged_ = true;
    spdlog::warn("{} connection lost: \"{}\"; reconnecting with backoff", log_prefix_, r.text);
  }
  return r;
}

std::shared_ptr<BusErrand> ModbusDriver::probe(const nlohmann::json& args) {
  return make_probe_errand(
      config_.bus.name, parse_probe_request(args),
      [this](const ReadCommand& c, std::span<std::uint16_t> out) { return raw_read(c, out); });
}

std::shared_ptr<BusErrand> ModbusDriver::scan(const nlohmann::json& args) {
  return make_scan_errand(
      config_.bus.name, parse_scan_request(args),
      [this](const ReadCommand& c, std::span<std::uint16_t> out) { return raw_read(c, out); });
}

namespace {
const DriverRegistration registration{DriverFactory{
    "modbus", "Modbus TCP and RTU (libmodbus): coils, discrete inputs, holding and input registers",
    [](const toml::table& bus, const config::Context& ctx, PointRegistrar& points) {
      return std::unique_ptr<BusDriver>(
          std::make_unique<ModbusDriver>(parse_modbus_config(bus, ctx, points)));
    },
    modbus_option_docs}};
}  // namespace

std::string ModbusDriver::point_id(PointIndex point) const {
  for (const PointSpec& p : config_.points)
    if (p.index == point) return p.id;
  return {};
}

}  // namespace sw::modbus
