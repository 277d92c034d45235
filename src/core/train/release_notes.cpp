#include "train/release_notes.hpp"

#include <cstdint>

#include "train/config_url.hpp"

namespace losslab {

int compare_versions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& v) {
    uint64_t n = 0;
    size_t i = 0;
    for (; i < v.size() && v[i] != '.'; ++i)
      if (v[i] >= '0' && v[i] <= '9' && n < 1'000'000'000) n = n * 10 + static_cast<uint64_t>(v[i] - '0');
    v.remove_prefix(i < v.size() ? i + 1 : i);
    return n;
  };
  while (!a.empty() || !b.empty()) {
    const uint64_t x = next(a), y = next(b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string link_version_message(std::string_view link_version) {
  const std::string_view current = app_version();
  if (link_version.empty() || compare_versions(link_version, current) == 0) return "";
  const std::string made = "This link was made with LossLab " + std::string(link_version) + "; this is " +
                           std::string(current) + ".";
  if (compare_versions(link_version, current) > 0)
    return made + " It comes from a newer version: settings this one lacks are refused, one by one, below.";
  bool same = true;
  std::string changes;
  for (const ReleaseNote& note : kReleaseNotes) {
    if (compare_versions(note.version, link_version) <= 0 || compare_versions(note.version, current) > 0) continue;
    same = same && note.same_runs;
    changes += " " + std::string(note.version) + ": " + std::string(note.changes) + ".";
  }
  return made + (same ? " It gives the same run: no preset or default it relies on has changed."
                      : " It may not give the same run: a preset or a default it relies on has changed.") +
         (changes.empty() ? "" : " New since:" + changes);
}

}  // namespace losslab
