// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Modbus driver's commissioning errands (drivers/bus_errand.hpp), run by the bus's poller
// between its polls. Read functions only (FC 1-4): nothing is ever written to a device.
//   probe  one read of what was asked; the report shows the values and every decode side by side
//   scan   one short read (one value: holding register 0, FC 3, unless another table and address
//          are asked) per unit, a few units per turn, so the bus's regular polling goes on during
//          a scan; a unit that answers at all (values or an exception) is there
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "drivers/bus_errand.hpp"
#include "drivers/modbus/modbus_transport.hpp"
#include "drivers/modbus/probe_request.hpp"

namespace sw::modbus {

// Units a scan asks per turn: with the bus's timeout each, a turn of silent units holds the line
// for at most this many timeouts before the next regular poll.
inline constexpr int kScanUnitsPerTurn = 4;

// One read on the bus's thread, through its link (opened when due, dropped when broken).
using RawRead = std::function<ReadResult(const ReadCommand&, std::span<std::uint16_t>)>;

std::shared_ptr<BusErrand> make_probe_errand(std::string bus, const ProbeRequest& request,
                                             RawRead read);
std::shared_ptr<BusErrand> make_scan_errand(std::string bus, const ScanRequest& request,
                                            RawRead read);

}  // namespace sw::modbus
