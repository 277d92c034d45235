// Names joined into one line for messages: "relu, tanh, gelu".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace losslab {

inline std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

}  // namespace losslab
