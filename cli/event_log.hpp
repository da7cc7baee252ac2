// One line per event of a long command (DESIGN §8): plain on a terminal, prefixed with a UTC timestamp
// and the command's name elsewhere (a scheduler's log is read by people), or handed to a caller's sink
// (grow runs fill as one of its steps). Threads write whole lines.
#pragma once

#include <functional>
#include <mutex>
#include <string>

namespace opsynth::cli {

class EventLog {
 public:
  enum class Style { Plain, Timestamped };
  using Sink = std::function<void(const std::string&)>;

  // Disabled (--quiet) logs nothing; a sink receives every line, unprefixed, whatever the style.
  EventLog(bool enabled, std::string command, Style style, Sink sink = {});

  void line(const std::string& text);

  // Timestamped unless stderr is a terminal.
  static Style style_for_stderr();

 private:
  bool enabled_;
  std::string command_;
  Style style_;
  Sink sink_;
  std::mutex mutex_;
};

}  // namespace opsynth::cli
