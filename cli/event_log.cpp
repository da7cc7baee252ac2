// Event lines on stderr (see event_log.hpp).
#include "event_log.hpp"

#include <unistd.h>

#include <iostream>

#include "oplib/library/op_record.hpp"

namespace opsynth::cli {

EventLog::EventLog(bool enabled, std::string command, Style style, Sink sink)
    : enabled_(enabled), command_(std::move(command)), style_(style), sink_(std::move(sink)) {}

void EventLog::line(const std::string& text) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> hold(mutex_);
  if (sink_) {
    sink_(text);
  } else if (style_ == Style::Timestamped) {
    std::cerr << oplib::utc_now() << ' ' << command_ << ' ' << text << '\n';
  } else {
    std::cerr << text << '\n';
  }
}

EventLog::Style EventLog::style_for_stderr() {
  return ::isatty(STDERR_FILENO) ? Style::Plain : Style::Timestamped;
}

}  // namespace opsynth::cli
