// SPDX-License-Identifier: Apache-2.0
#include "uplink/uplink.hpp"

#include "uplink/paho_mqtt_link.hpp"

namespace sw::uplink {

namespace {
CommandLimits limits_of(const MqttSettings& settings, const MessageFormat& format) {
  CommandLimits l;
  l.max_bytes = settings.max_command_bytes;
  l.max_resend_range = settings.max_resend_range;
  l.compact_time_is_local = format.local_time;
  l.compact_offset = format.offset;
  return l;
}
}  // namespace

Uplink::Uplink(const MqttSettings& settings, const GatewayIdentity& identity,
               const MessageFormat& format, store::Outbox& outbox, std::int64_t session,
               CommandTable commands, UplinkHooks hooks)
    : Uplink(settings, identity, format, outbox, session, std::move(commands), std::move(hooks),
             std::make_unique<PahoMqttLink>(settings)) {}

Uplink::Uplink(const MqttSettings& settings, const GatewayIdentity& identity,
               const MessageFormat& format, store::Outbox& outbox, std::int64_t session,
               CommandTable commands, UplinkHooks hooks, std::unique_ptr<MqttLink> link)
    : topics_(settings.topic_prefix, identity.enterprise, identity.gateway),
      commands_(
          CommandParser(limits_of(settings, format)), std::move(commands),
          [this](nlohmann::json body) { publisher_.send_reply(std::move(body)); },
          settings.client_id, settings.commands),
      publisher_(settings, topics_, MessageEncoder(identity, format), outbox, session,
                 std::move(link),
                 PublisherHooks{std::move(hooks.health), std::move(hooks.next_seq),
                                [this](std::string_view payload, bool retained) {
                                  commands_.submit(payload, retained);
                                }}) {}

Uplink::~Uplink() {
  stop();
}

void Uplink::start() {
  commands_.start();
  publisher_.start();
}

void Uplink::stop() {
  // Commands first: a reply queued after the publisher stopped would go nowhere.
  commands_.stop();
  publisher_.stop();
}

}  // namespace sw::uplink
