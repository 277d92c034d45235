// The desktop's PNG export (png_encoder.hpp): the bytes decode, with an independent decoder (stb_image),
// to the pixels given, whichever way up the rows came.
#include <catch2/catch.hpp>

#include <vector>

#include "png_encoder.hpp"

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#include <stb_image.h>

using losslab::ui::encode_png;

TEST_CASE("a PNG decodes to the pixels it was given, top row first, from rows in either order") {
  const int w = 5, h = 3;
  std::vector<uint8_t> top_down(static_cast<size_t>(w * h * 4));
  for (size_t i = 0; i < top_down.size(); ++i) top_down[i] = static_cast<uint8_t>(i * 37 + 11);
  std::vector<uint8_t> bottom_up;
  for (int y = h - 1; y >= 0; --y)
    bottom_up.insert(bottom_up.end(), top_down.begin() + y * w * 4, top_down.begin() + (y + 1) * w * 4);
  for (const bool flipped : {false, true}) {
    const std::string png = encode_png(w, h, flipped ? bottom_up.data() : top_down.data(), flipped);
    REQUIRE(png.size() > 8);
    CHECK(png.substr(1, 3) == "PNG");
    int dw = 0, dh = 0, channels = 0;
    stbi_uc* decoded = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png.data()), static_cast<int>(png.size()),
                                             &dw, &dh, &channels, 4);
    REQUIRE(decoded != nullptr);
    CHECK(dw == w);
    CHECK(dh == h);
    CHECK(std::vector<uint8_t>(decoded, decoded + w * h * 4) == top_down);
    stbi_image_free(decoded);
  }
  CHECK(encode_png(0, 3, top_down.data(), false).empty());
}
