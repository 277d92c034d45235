// What changed between LossLab versions, as far as a link is concerned. A link carries the version that
// wrote it (`v=`); opened by another version, the page says which, and whether the link still gives the
// same run (a preset's config or a field's default changed: it may not).
#pragma once

#include <string>
#include <string_view>

namespace losslab {

struct ReleaseNote {
  std::string_view version;
  bool same_runs;             // links written before this version still give the same run
  std::string_view changes;   // one sentence for the banner
};

// Oldest first; the last one is app_version(). A release that changes what an existing link runs (a
// preset's config, a default, a field's meaning) must say so with same_runs = false.
inline constexpr ReleaseNote kReleaseNotes[] = {
    {"0.1.0", true, "the first version whose links carry a version"},
    {"0.2.0", true,
     "runs are kept and compared in the Runs tab and saved in the browser; figures embed in other pages "
     "(?embed=1); plots= also takes short names (acc, weightnorm, ece)"},
};

// -1, 0 or 1 as version a is older than, the same as, or newer than b ("0.2.0" against "0.10.0": older).
// Versions are dot-separated whole numbers; missing parts count as 0.
int compare_versions(std::string_view a, std::string_view b);

// For a link written by `link_version`: "" when that is this version (or it names none), else one or two
// sentences for the banner: which version wrote it, whether it gives the same run, and what is new.
std::string link_version_message(std::string_view link_version);

}  // namespace losslab
