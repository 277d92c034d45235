// Links from other versions (train/release_notes.hpp): versions compare as numbers, the release notes
// end at this version (a version bump without a note fails here), and a link from an older or a newer
// version gets the message that says so, carried through apply_query.
#include <catch2/catch.hpp>

#include <iterator>

#include "train/config_url.hpp"
#include "train/release_notes.hpp"

using namespace losslab;

TEST_CASE("versions compare part by part as numbers") {
  CHECK(compare_versions("0.2.0", "0.10.0") == -1);
  CHECK(compare_versions("1.0", "1.0.0") == 0);
  CHECK(compare_versions("1.0.1", "1.0") == 1);
  CHECK(compare_versions("2", "10") == -1);
  CHECK(compare_versions("", "") == 0);
}

TEST_CASE("the release notes are in order and end at this version") {
  REQUIRE(std::size(kReleaseNotes) >= 1);
  CHECK(std::prev(std::end(kReleaseNotes))->version == app_version());
  for (size_t i = 1; i < std::size(kReleaseNotes); ++i)
    CHECK(compare_versions(kReleaseNotes[i - 1].version, kReleaseNotes[i].version) < 0);
}

TEST_CASE("a link from another version says which and whether it gives the same run") {
  CHECK(link_version_message("").empty());
  CHECK(link_version_message(app_version()).empty());
  const std::string older = link_version_message("0.0.1");
  CHECK_THAT(older, Catch::Contains("made with LossLab 0.0.1; this is " + std::string(app_version())));
  bool same = true;
  for (const ReleaseNote& n : kReleaseNotes) same = same && n.same_runs;
  CHECK_THAT(older, Catch::Contains(same ? "It gives the same run" : "It may not give the same run"));
  // Every release after the link's is listed, none before it.
  for (const ReleaseNote& n : kReleaseNotes) CHECK_THAT(older, Catch::Contains(std::string(n.version) + ": "));
  const std::string from_first = link_version_message(kReleaseNotes[0].version);
  CHECK_THAT(from_first, !Catch::Contains(std::string(kReleaseNotes[0].version) + ": "));
  CHECK_THAT(link_version_message("99.0.0"), Catch::Contains("newer"));

  RunConfig c;
  LinkExtras extras;
  CHECK(apply_query(c, "preset=moons&v=0.0.1", &extras).empty());
  CHECK(extras.version == "0.0.1");
  LinkExtras bad;
  CHECK(apply_query(c, "v=1.x", &bad).size() == 1);
  CHECK(bad.version.empty());
}
