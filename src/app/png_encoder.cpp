#include "png_encoder.hpp"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb_image_write.h>

namespace losslab::ui {

std::string encode_png(int width, int height, const uint8_t* rgba, bool bottom_up) {
  std::string out;
  if (width <= 0 || height <= 0 || !rgba) return out;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
  };
  // A bottom-up image is written from its last row backwards: a negative stride walks up the rows.
  const int stride = 4 * width;
  const uint8_t* first = bottom_up ? rgba + static_cast<size_t>(height - 1) * static_cast<size_t>(stride) : rgba;
  if (!stbi_write_png_to_func(append, &out, width, height, 4, first, bottom_up ? -stride : stride)) out.clear();
  return out;
}

}  // namespace losslab::ui
