// SPDX-License-Identifier: Apache-2.0
// sitewatchctl's side of the console protocol on arbitrary answer lines: decode_answer, the result
// filters, and every view. decode_answer may refuse only with ProtocolError. The views promise to
// show a missing or mistyped field as "-" rather than give up (tools/sitewatchctl/json_fields.hpp),
// so any exception from a view is a finding too; so are crashes, leaks and hangs (a glob pattern
// that backtracks without end would hang `sitewatchctl points PATTERN`).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "console/protocol.hpp"
#include "fuzz_check.hpp"
#include "sitewatchctl/result_filters.hpp"
#include "sitewatchctl/views.hpp"

namespace {

using namespace sw::console;
using nlohmann::json;

template <class F>
void view(const char* name, F&& render) {
  try {
    (void)render();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "view %s threw: %s\n", name, e.what());
    FUZZ_CHECK(false, "a view threw on an answer instead of showing \"-\"");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

// Input: "<points pattern>\n<answer line>"; without a newline, all of it is the answer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view pattern;
  if (const auto nl = input.find('\n'); nl != std::string_view::npos && nl <= 64) {
    pattern = input.substr(0, nl);
    input.remove_prefix(nl + 1);
  }
  Answer answer;
  try {
    answer = decode_answer(input);
  } catch (const ProtocolError&) {
    return 0;
  }
  if (!answer.ok) return 0;
  const json& r = answer.result;

  RenderOptions options;
  options.now = sw::WallTime{std::chrono::milliseconds{1'795'917'343'123}};
  for (bool color : {false, true}) {
    options.color = color;
    view("status", [&] { return render_status(r, options); });
    view("devices", [&] { return render_devices(r, options); });
    view("points", [&] { return render_points(filter_points(r, pattern), options); });
    view("alarms", [&] {
      const FilteredAlarms f = filter_alarms(r, color);
      return render_alarms(f.shown, options, f.hidden);
    });
    view("history", [&] { return render_history(r, options, std::size_t{10}); });
    view("outbox", [&] { return render_outbox(r, options); });
    view("ledger", [&] { return render_ledger(r, options); });
    view("reload", [&] { return render_reload(r, options); });
    view("action", [&] { return render_alarm_action("acknowledged", r, options); });
    view("watch", [&] {
      return render_watch(r, r.is_object() && r.contains("alarms") ? r["alarms"] : r, 1,
                          sw::Millis{2000}, options);
    });
  }
  return 0;
}
