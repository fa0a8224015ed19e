// SPDX-License-Identifier: Apache-2.0
// How fast the uplink drains a backlog: N telemetry messages waiting in the outbox (as after an
// outage), a loopback mosquitto, QoS 1, every message removed from the outbox on its PUBACK.
// Goal: ≥ 10,000 messages/s. Prints one line per run.
//
//   bench_uplink [--messages 100000] [--window 64] [--version 4] [--outbox memory|sqlite|both]
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "core/ulid.hpp"
#include "store/database.hpp"
#include "store/memory_outbox.hpp"
#include "store/sqlite_outbox.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/temp_dir.hpp"
#include "uplink/uplink.hpp"

using namespace sw;
using namespace sw::uplink;

namespace {

struct Options {
  int messages = 100'000;
  int window = 64;
  int version = 4;
  std::string outbox = "both";
};

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--messages")
      o.messages = std::atoi(value.c_str());
    else if (key == "--window")
      o.window = std::atoi(value.c_str());
    else if (key == "--version")
      o.version = std::atoi(value.c_str());
    else if (key == "--outbox")
      o.outbox = value;
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      std::exit(2);
    }
  }
  return o;
}

const GatewayIdentity kIdentity{"E1001", "gw-7", "coal_mine"};

// CPU seconds (user + system) this process has used, all threads (Paho's included).
double own_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds another process has used (/proc/<pid>/stat fields 14 and 15).
double process_cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i)
    if (i == 14 || i == 15) ticks += std::stod(f);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// A realistic telemetry message: a change batch of five points (~700 bytes).
std::vector<store::OutboundMessage> backlog(int first, int count, const MessageEncoder& enc,
                                            const Topics& topics) {
  std::vector<store::OutboundMessage> out;
  out.reserve(static_cast<std::size_t>(count));
  const WallTime t = WallClock::now();
  std::vector<PointInfo> points(5);
  for (int k = 0; k < 5; ++k) {
    points[k].id = "face" + std::to_string(k) + ".ch4";
    points[k].unit = "%CH4";
  }
  for (int i = first; i < first + count; ++i) {
    std::vector<Sample> samples;
    for (int k = 0; k < 5; ++k)
      samples.push_back({static_cast<PointIndex>(k), 0.4 + 0.01 * k, Quality::good, t, "", ""});
    store::OutboundMessage m;
    m.id = make_ulid(t);
    m.seq = i;
    m.lane = store::Lane::telemetry;
    m.topic = topics.telemetry();
    m.payload = enc.telemetry(samples, points, false, m.id, m.seq, t);
    m.created = t;
    out.push_back(std::move(m));
  }
  return out;
}

void fill(store::Outbox& outbox, int messages, const MessageEncoder& enc, const Topics& topics,
          std::size_t& payload_bytes) {
  for (int done = 0; done < messages;) {
    const int n = std::min(1000, messages - done);
    auto batch = backlog(done + 1, n, enc, topics);
    payload_bytes = batch.front().payload.size();
    outbox.add(batch);  // one transaction per 1000 in SQLite
    done += n;
  }
}

void run(const std::string& name, store::Outbox& writer, store::Outbox& reader, const Options& o,
         int port, int broker_pid) {
  MqttSettings s;
  s.port = port;
  s.client_id = "bench-" + name;
  s.topic_prefix = "bench";
  s.version = o.version;
  s.max_inflight = o.window;
  s.heartbeat = Millis{60'000};
  const MessageEncoder enc(kIdentity, MessageFormat{});
  const Topics topics(s.topic_prefix, kIdentity.enterprise, kIdentity.gateway);

  std::size_t payload_bytes = 0;
  const auto f0 = std::chrono::steady_clock::now();
  fill(writer, o.messages, enc, topics, payload_bytes);
  const double fill_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - f0).count();

  Uplink up(s, kIdentity, MessageFormat{}, reader, 1, {});
  const auto t0 = std::chrono::steady_clock::now();
  up.start();
  while (!up.state().connected) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto t1 = std::chrono::steady_clock::now();
  const double cpu0 = own_cpu_seconds(), broker_cpu0 = process_cpu_seconds(broker_pid);
  while (reader.stats().depth > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto t2 = std::chrono::steady_clock::now();
  const double cpu = own_cpu_seconds() - cpu0;
  const double broker_cpu = process_cpu_seconds(broker_pid) - broker_cpu0;
  up.stop();
  const UplinkState st = up.state();
  const double connect_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  const double drain_s = std::chrono::duration<double>(t2 - t1).count();
  const double rate = o.messages / drain_s;
  // CPU per message is what the machine's load does not change: it bounds the rate on an idle
  // core (the gateway's side and the broker's side each).
  const double us_per_msg = cpu * 1e6 / o.messages;
  std::printf(
      "outbox=%-6s mqtt=%s window=%-4d messages=%d payload=%zuB | fill %.2fs | drain %.2fs = %.0f "
      "msg/s (%.1f MB/s), connect %.0fms | uplink CPU %.1f us/msg (one core: %.0f msg/s), broker "
      "CPU %.1f us/msg | published %llu acknowledged %llu | goal 10000 msg/s %s\n",
      name.c_str(), o.version == 5 ? "5" : "3.1.1", o.window, o.messages, payload_bytes, fill_s,
      drain_s, rate, o.messages * static_cast<double>(payload_bytes) / drain_s / 1e6, connect_ms,
      us_per_msg, 1e6 / us_per_msg, broker_cpu * 1e6 / o.messages,
      static_cast<unsigned long long>(st.published),
      static_cast<unsigned long long>(st.acknowledged), rate >= 10'000 ? "met" : "MISSED");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  sw::test::BrokerOptions broker_options;
  broker_options.quiet = true;  // mosquitto's "all" log writes a line per packet
  sw::test::MosquittoBroker broker(std::nullopt, 0, broker_options);
  if (o.outbox == "memory" || o.outbox == "both") {
    store::MemoryOutbox outbox(static_cast<std::size_t>(o.messages) + 1000);
    run("memory", outbox, outbox, o, broker.port(), broker.pid());
  }
  if (o.outbox == "sqlite" || o.outbox == "both") {
    sw::test::TempDir dir;
    store::Database writer_db(dir.file("store.db"));
    store::Database reader_db(dir.file("store.db"));
    store::SqliteOutbox writer(writer_db, static_cast<std::size_t>(o.messages) + 1000);
    store::SqliteOutbox reader(reader_db, static_cast<std::size_t>(o.messages) + 1000);
    run("sqlite", writer, reader, o, broker.port(), broker.pid());
  }
  return 0;
}
