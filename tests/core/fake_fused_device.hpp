// A fake asynchronous fused cross-entropy device (fused_ce/fused_ce_device.hpp) for the tests: it runs
// the blockwise backend itself, a set number of polls after each submit, and can be starting, busy,
// unavailable, too small, or fail on a given submission.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "fused_ce/fused_ce.hpp"
#include "fused_ce/fused_ce_device.hpp"

namespace losslab {

// Runs blockwise itself, `polls_pending` polls after each submit. Records every misuse of the interface
// (a submit while busy or not ready, a problem whose buffers changed while in flight).
class FakeDevice : public FusedCeDevice {
 public:
  DeviceState device_state = DeviceState::ready;
  std::string failure_text;
  std::string too_big;            // what fits() answers
  bool software_adapter = false;  // SwiftShader: auto does not take it
  int polls_pending = 2;          // polls answered `pending` before the result
  int fail_on_submission = 0;     // 1-based submission whose poll fails (0: none)
  mutable int busy_answers = 0;   // idle() answers false this many times first
  // As the real device: work whose result came back but was never polled (its trainer was replaced by a
  // reset) leaves the device idle, and the next submit discards it.
  bool completes_unpolled = false;

  int submissions = 0, polls = 0;
  mutable int fits_calls = 0;
  int misuses = 0;                // submits while busy or not ready, buffers changed in flight
  bool in_flight = false;

  DeviceState state() const override { return device_state; }
  std::string failure() const override { return failure_text; }
  std::string description() const override { return "Fake adapter (test)"; }
  bool software() const override { return software_adapter; }
  std::string fits(int64_t, int64_t, int64_t, bool) const override {
    ++fits_calls;
    return too_big;
  }
  bool idle() const override {
    if (busy_answers > 0) {
      --busy_answers;
      return false;
    }
    return !in_flight || completes_unpolled;
  }
  bool submit(const FusedCeProblem& problem, const FusedCeOptions& options) override {
    if (device_state != DeviceState::ready) return false;
    if (in_flight && !completes_unpolled) ++misuses;
    ++submissions;
    in_flight = true;
    problem_ = problem;
    options_ = options;
    h_ = *problem.h;
    w_ = *problem.w;
    bias_ = *problem.bias;
    labels_.assign(problem.labels.begin(), problem.labels.end());
    left_ = polls_pending;
    return true;
  }
  DevicePoll poll(FusedCeResult& out) override {
    ++polls;
    if (!in_flight) {
      ++misuses;
      return DevicePoll::failed;
    }
    if (left_-- > 0) return DevicePoll::pending;
    in_flight = false;
    // The buffers the problem points at must be the ones submitted, unchanged.
    if (*problem_.h != h_ || *problem_.w != w_ || *problem_.bias != bias_ ||
        !std::equal(labels_.begin(), labels_.end(), problem_.labels.begin(), problem_.labels.end()))
      ++misuses;
    if (submissions == fail_on_submission) {
      device_state = DeviceState::unavailable;
      failure_text = "device lost (fake)";
      return DevicePoll::failed;
    }
    fused_ce_blockwise(problem_, options_, out);
    return DevicePoll::ready;
  }
  int64_t bytes_held() const override { return 12345; }
  double seconds() const override { return 0.004; }

 private:
  FusedCeProblem problem_;
  FusedCeOptions options_;
  Mat h_, w_;
  Vec bias_;
  std::vector<int32_t> labels_;
  int left_ = 0;
};

}  // namespace losslab
