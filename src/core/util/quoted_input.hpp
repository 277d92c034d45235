// Text from outside (a link, a file) as it may appear in a message: printable ASCII only (messages end up
// in JSON and on screen, where a stray byte must not break either), at most 40 characters.
#pragma once

#include <string>
#include <string_view>

namespace losslab {

inline std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) out += (c >= 0x20 && c <= 0x7e) ? c : '?';
  return text.size() > 40 ? out + "..." : out;
}

}  // namespace losslab
