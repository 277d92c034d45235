// Classroom mode: a lecturer opens only the settings the room should touch (`classroom=lr,loss`) and hides
// the rest, or shows them locked (`classroom.others=lock`), so a lecture can go one knob at a time. It is
// part of the link, so the link handed out opens the page that way. A teaching aid, not a security
// measure: "Leave classroom mode" is one click away.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "train/run_config.hpp"

namespace losslab::ui {

struct Classroom {
  bool on = false;
  std::vector<std::string> open;  // the field keys left to change (loss parameters as loss.<param>)
  bool lock_others = false;       // the other controls are shown greyed out instead of hidden
  bool operator==(const Classroom&) const = default;
};

inline constexpr std::string_view kClassroomKey = "classroom";
inline constexpr std::string_view kClassroomOthersKey = "classroom.others";

// Whether a control is drawn, and whether it can be changed.
bool classroom_shows(const Classroom& c, std::string_view key);
bool classroom_allows(const Classroom& c, std::string_view key);
// The preset menu and the run's other settings: only outside classroom mode, or when the others are
// locked (then greyed out).
bool classroom_shows_others(const Classroom& c);

// The link's pairs for it ("" when off): classroom=lr,loss.q[&classroom.others=lock].
std::string classroom_query(const Classroom& c);
// Reads a link's value of `key` (one of the two above) into `c`. A key that is no setting (neither a
// field of the table nor loss.<param>) refuses the whole value, naming it.
std::optional<ConfigError> parse_classroom(std::string_view key, std::string_view value, Classroom& c);

}  // namespace losslab::ui
