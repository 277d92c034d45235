#include "nn/frozen_params.hpp"

#include <utility>

namespace losslab {

FrozenParams::FrozenParams(std::vector<ParamRange> ranges, const Vec& params) : ranges_(std::move(ranges)) {
  Eigen::Index total = 0;
  for (const ParamRange& r : ranges_) total += r.size;
  values_.resize(total);
  Eigen::Index at = 0;
  for (const ParamRange& r : ranges_) {
    values_.segment(at, r.size) = params.segment(r.offset, r.size);
    at += r.size;
  }
}

void FrozenParams::zero_gradient(Vec& grads) const {
  for (const ParamRange& r : ranges_) grads.segment(r.offset, r.size).setZero();
}

void FrozenParams::restore(Vec& params) const {
  Eigen::Index at = 0;
  for (const ParamRange& r : ranges_) {
    params.segment(r.offset, r.size) = values_.segment(at, r.size);
    at += r.size;
  }
}

}  // namespace losslab
