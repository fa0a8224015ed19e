#include "drivers/modbus/modbus_driver.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

#include <spdlog/spdlog.h>

#include "drivers/driver_registry.hpp"
#include "drivers/modbus/value_codec.hpp"

namespace sw::modbus {

namespace {

// Quality a status register announces for the device's points; good when it says nothing.
std::pair<Quality, std::string> quality_from_status(const StatusSpec& spec, std::uint16_t word) {
  auto any_set = [word](const std::vector<int>& bits, int& which) {
    for (int b : bits)
      if ((word >> b) & 1U) {
        which = b;
        return true;
      }
    return false;
  };
  int bit = 0;
  if (any_set(spec.fault_bits, bit))
    return {Quality::device_fault, fmt::format("status: fault bit {} set", bit)};
  if (any_set(spec.over_range_bits, bit))
    return {Quality::out_of_range, fmt::format("status: over-range bit {} set", bit)};
  if (any_set(spec.calibrating_bits, bit))
    return {Quality::calibrating, fmt::format("status: calibration bit {} set", bit)};
  if (any_set(spec.inhibit_bits, bit))
    return {Quality::calibrating, fmt::format("status: inhibit bit {} set", bit)};
  if (any_set(spec.warming_up_bits, bit))
    return {Quality::warming_up, fmt::format("status: warm-up bit {} set", bit)};
  for (int b : spec.running_bits)
    if (((word >> b) & 1U) == 0)
      return {Quality::warming_up, fmt::format("status: running bit {} clear", b)};
  return {Quality::good, {}};
}

}  // namespace

struct ModbusDriver::Reading {
  // Per field: the registers or bits read, or why not.
  std::vector<std::vector<std::uint16_t>> registers;
  std::vector<Failure> failure;
  std::vector<std::string> error;
  std::vector<WallTime> time;
};

ModbusDriver::ModbusDriver(ModbusConfig config)
    : config_(std::move(config)), connection_(config_.bus) {
  log_prefix_ = fmt::format("[modbus:{}]", config_.bus.name);
  const SteadyTime now = SteadyClock::now();
  for (const auto& dev : config_.devices) {
    Device d;
    d.settings = &dev;
    d.log_prefix = fmt::format("[modbus:{}/unit {}]", config_.bus.name, dev.unit);
    std::map<Millis, Group> by_period;
    for (std::size_t i = 0; i < config_.points.size(); ++i) {
      const PointSpec& p = config_.points[i];
      if (p.device != dev.name) continue;
      const Millis period = p.period.value_or(dev.period);
      Group& g = by_period[period];
      g.period = period;
      g.points.push_back(i);
      const int width = is_bit_table(p.table) ? 1 : register_count(p.type);
      g.fields.push_back({p.table, p.address, width, g.points.size() - 1});
    }
    for (auto& [period, g] : by_period) {
      if (dev.status) g.fields.push_back({dev.status->table, dev.status->address, 1, kStatusField});
      if (dev.decimals_address)
        g.fields.push_back({Table::holding, *dev.decimals_address, 1, kDecimalsField});
      g.plan = plan_reads(g.fields,
                          {config_.bus.max_registers, config_.bus.max_bits, config_.bus.max_gap});
      g.next_due = now;
      spdlog::info("{} plan every {}: {} request(s): {}", d.log_prefix, format_duration(period),
                   g.plan.size(), describe_plan(g.plan));
      d.groups.push_back(std::move(g));
    }
    DeviceStatus st;
    st.bus = config_.bus.name;
    st.device = dev.name;
    status_.push_back(st);
    devices_.push_back(std::move(d));
  }
}

ModbusDriver::~ModbusDriver() = default;

SteadyTime ModbusDriver::next_due() const {
  SteadyTime next = SteadyTime::max();
  for (const auto& d : devices_)
    for (const auto& g : d.groups) next = std::min(next, g.next_due);
  return next;
}

void ModbusDriver::stop() {}

std::vector<DeviceStatus> ModbusDriver::device_status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

std::size_t ModbusDriver::planned_requests() const {
  std::size_t n = 0;
  for (const auto& d : devices_)
    for (const auto& g : d.groups) n += g.plan.size();
  return n;
}

std::uint64_t ModbusDriver::requests_sent() const {
  std::lock_guard lock(status_mutex_);
  return requests_sent_;
}

void ModbusDriver::record(const Device& device, bool ok, Failure failure, double latency_ms,
                          const std::string& error) {
  const auto index = static_cast<std::size_t>(&device - devices_.data());
  std::lock_guard lock(status_mutex_);
  DeviceStatus& st = status_[index];
  ++st.requests;
  ++requests_sent_;
  st.last_latency_ms = latency_ms;
  // Exponential average: recent latency matters, one slow answer does not dominate.
  st.avg_latency_ms = st.requests == 1 ? latency_ms : st.avg_latency_ms * 0.9 + latency_ms * 0.1;
  if (ok) {
    st.last_success = WallClock::now();
  } else {
    ++st.errors[std::string(to_string(failure))];
    st.last_error = error;
  }
  st.online = device.online;
}

void ModbusDriver::emit_failure(const Device& device, const Group& group, Quality quality,
                                const std::string& reason, std::vector<Sample>& out) const {
  const WallTime now = WallClock::now();
  for (std::size_t i : group.points)
    out.push_back(Sample{config_.points[i].id, 0, quality, now, reason, {}});
  (void)device;
}

void ModbusDriver::poll(SteadyTime now, std::vector<Sample>& out) {
  for (auto& device : devices_) {
    for (auto& group : device.groups) {
      if (group.next_due > now) continue;
      group.next_due += group.period;
      if (group.next_due <= now)
        group.next_due = now + group.period;  // fell behind: skip, don't burst
      if (!connection_.ensure_open(now)) {
        if (device.online || !device.ever_polled)
          spdlog::warn("{} {}", log_prefix_, connection_.last_error());
        device.online = false;
        device.ever_polled = true;
        {
          std::lock_guard lock(status_mutex_);
          auto& st = status_[static_cast<std::size_t>(&device - devices_.data())];
          st.online = false;
          st.last_error = connection_.last_error();
        }
        emit_failure(device, group, Quality::comm_loss, connection_.last_error(), out);
        continue;
      }
      if (now < device.retry_at) {
        // Circuit open: no I/O for this device, its points stay visibly bad.
        const auto& st = status_[static_cast<std::size_t>(&device - devices_.data())];
        std::string last;
        {
          std::lock_guard lock(status_mutex_);
          last = st.last_error;
        }
        emit_failure(device, group, Quality::comm_loss,
                     fmt::format("no answer ({} failed cycles): {}", device.failed_cycles, last),
                     out);
        continue;
      }
      poll_group(device, group, now, out);
    }
  }
}

void ModbusDriver::poll_group(Device& device, Group& group, SteadyTime now,
                              std::vector<Sample>& out) {
  const int unit = device.settings->unit;
  Reading reading;
  reading.registers.resize(group.fields.size());
  reading.failure.assign(group.fields.size(), Failure::timeout);
  reading.error.assign(group.fields.size(), "not read");
  reading.time.assign(group.fields.size(), WallTime{});
  bool any_answer = false;
  bool connection_lost = false;
  std::vector<std::uint16_t> regs(125);
  std::vector<std::uint8_t> bits(2000);

  for (std::size_t r = 0; r < group.plan.size(); ++r) {
    if (connection_lost) break;
    const ReadRequest req = group.plan[r];
    if (r > 0 && config_.bus.pause.count() > 0) std::this_thread::sleep_for(config_.bus.pause);
    std::string error;
    Failure failure = Failure::none;
    double latency_ms = 0;
    for (int attempt = 0; attempt <= config_.bus.retries; ++attempt) {
      const auto t0 = SteadyClock::now();
      failure =
          connection_.read(req.table, unit, req.start, req.count, regs.data(), bits.data(), error);
      latency_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
      if (failure != Failure::timeout) break;
    }
    const bool answered = failure == Failure::none || failure == Failure::exception ||
                          failure == Failure::illegal_address;
    any_answer = any_answer || answered;
    record(device, failure == Failure::none, failure, latency_ms, error);

    if (failure == Failure::illegal_address && req.fields.size() > 1) {
      // The device refuses part of the span: split, remember, and read the halves now.
      ReadRequest first, second;
      split_request(req, group.fields, first, second);
      spdlog::warn("{} exception 02 (illegal data address) for {} {}..{}: splitting into {} and {}",
                   device.log_prefix, to_string(req.table), req.start, req.end() - 1,
                   describe_plan({first}), describe_plan({second}));
      group.plan[r] = first;
      group.plan.insert(group.plan.begin() + static_cast<std::ptrdiff_t>(r) + 1, second);
      --r;  // retry the first half in this cycle
      continue;
    }
    const WallTime t = WallClock::now();
    for (std::size_t fi : req.fields) {
      const PlannedField& f = group.fields[fi];
      reading.time[fi] = t;
      reading.failure[fi] = failure;
      if (failure != Failure::none) {
        reading.error[fi] = error;
        continue;
      }
      auto& dest = reading.registers[fi];
      const int offset = f.address - req.start;
      if (is_bit_table(req.table)) {
        dest.assign(1, bits[static_cast<std::size_t>(offset)]);
      } else {
        dest.assign(regs.begin() + offset, regs.begin() + offset + f.width);
      }
    }
    if (failure == Failure::connection || failure == Failure::bad_answer) {
      connection_.close_after_failure(now, fmt::format("{}: {}", to_string(failure), error));
      spdlog::warn("{} {} — reconnecting", device.log_prefix, connection_.last_error());
      connection_lost = true;
    }
  }

  // Status and decimals read in this cycle, if the device has them.
  Quality status_quality = Quality::good;
  std::string status_reason;
  std::optional<int> decimals;
  for (std::size_t fi = group.points.size(); fi < group.fields.size(); ++fi) {
    const PlannedField& f = group.fields[fi];
    if (f.index == kStatusField) {
      if (reading.failure[fi] == Failure::none) {
        std::tie(status_quality, status_reason) =
            quality_from_status(*device.settings->status, reading.registers[fi][0]);
      } else {
        status_quality =
            reading.failure[fi] == Failure::timeout ? Quality::comm_loss : Quality::device_fault;
        status_reason = "status register: " + reading.error[fi];
      }
    } else if (f.index == kDecimalsField && reading.failure[fi] == Failure::none) {
      decimals = reading.registers[fi][0];
    }
  }

  for (std::size_t k = 0; k < group.points.size(); ++k) {
    const PointSpec& p = config_.points[group.points[k]];
    Sample s;
    s.point = p.id;
    s.time = reading.time[k] == WallTime{} ? WallClock::now() : reading.time[k];
    const Failure f = reading.failure[k];
    if (f != Failure::none) {
      s.quality = (f == Failure::exception || f == Failure::illegal_address) ? Quality::device_fault
                                                                             : Quality::comm_loss;
      s.reason = fmt::format("{}: {}", to_string(f), reading.error[k]);
      out.push_back(std::move(s));
      continue;
    }
    const auto raw = decode_registers(reading.registers[k], p.type, p.order, p.bit);
    if (!raw) {
      s.quality = Quality::device_fault;
      s.reason = "the device sent a value that is not a number (NaN or infinity)";
      out.push_back(std::move(s));
      continue;
    }
    double value = *raw;
    if (p.use_decimals) {
      if (!decimals || *decimals > 9) {
        s.quality = Quality::device_fault;
        s.reason = decimals ? fmt::format("decimals register says {}", *decimals)
                            : "decimals register not read";
        out.push_back(std::move(s));
        continue;
      }
      value /= std::pow(10.0, *decimals);
    }
    s.value = value * p.scale + p.offset;
    const bool numeric = p.type != DataType::boolean && p.type != DataType::bit;
    if (numeric && status_quality != Quality::good) {
      s.quality = status_quality;
      s.reason = status_reason;
    }
    out.push_back(std::move(s));
  }

  // The breaker: a device that answered nothing this cycle is retried after 1, 2, 4, ... periods.
  const bool was_online = device.online;
  if (any_answer) {
    device.failed_cycles = 0;
    device.retry_at = SteadyTime{};
    device.online = true;
    if (!was_online) spdlog::info("{} online", device.log_prefix);
  } else if (!connection_lost) {
    ++device.failed_cycles;
    const auto factor = 1LL << std::min(device.failed_cycles - 1, 16);
    const Millis backoff = std::min(Millis{group.period.count() * factor}, config_.bus.backoff_max);
    device.retry_at = now + backoff;
    device.online = false;
    if (was_online || !device.ever_polled)
      spdlog::warn("{} not answering: {}", device.log_prefix,
                   reading.error.empty() ? std::string("?") : reading.error.front());
  } else {
    device.online = false;
  }
  device.ever_polled = true;
  std::lock_guard lock(status_mutex_);
  status_[static_cast<std::size_t>(&device - devices_.data())].online = device.online;
}

namespace {
const DriverRegistration registration{DriverFactory{
    "modbus", "Modbus TCP and RTU (libmodbus): holding/input registers, coils, discrete inputs",
    [](const toml::table& bus, const config::Context& ctx, PointRegistrar& points) {
      return std::unique_ptr<BusDriver>(
          std::make_unique<ModbusDriver>(parse_modbus_config(bus, ctx, points)));
    },
    modbus_option_docs}};
}  // namespace

}  // namespace sw::modbus
