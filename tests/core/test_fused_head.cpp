// The token model's fused head in the Trainer with fake asynchronous devices (fused_ce_device.hpp): a
// device that answers after a few polls gives exactly the History of the CPU run while step() never
// blocks; a device that fails, is unavailable, refuses the size, is still starting or is busy hands the
// work to the CPU (or is waited for) without losing a step, and says so once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/fake_fused_device.hpp"
#include "train/fused_head.hpp"
#include "core/token_run.hpp"
#include "train/trainer.hpp"

using namespace losslab;

namespace {

// The run starts with its step-0 evaluation, spread over the first calls of step(): finish it.
void finish_evaluation(Trainer& t) {
  while (t.evaluating()) t.step();
}

// A run with a device, one step() call at a time: steps_done never moves while waiting() or while an
// evaluation is being spread over the calls, and moves by exactly one otherwise. Returns the number of
// calls that were not evaluation calls.
int run_watching(Trainer& t, int& stalls_with_progress, int& jumps) {
  int calls = 0;
  stalls_with_progress = jumps = 0;
  for (int guard = 0; t.state() == RunState::running && guard < 100000; ++guard) {
    const int64_t before = t.steps_done();
    const bool evaluating = t.evaluating();
    t.step();
    const int64_t moved = t.steps_done() - before;
    if (evaluating) {
      if (moved != 0) ++jumps;
      continue;
    }
    ++calls;
    if (t.waiting() && moved != 0) ++stalls_with_progress;
    if (!t.waiting() && moved != 1) ++jumps;
  }
  return calls;
}

const Trainer& cpu_run(const RunConfig& c) {
  static std::vector<std::pair<RunConfig, std::unique_ptr<Trainer>>> runs;
  for (auto& [config, trainer] : runs)
    if (config.fused_backend == c.fused_backend && config.steps == c.steps) return *trainer;
  auto t = std::make_unique<Trainer>(c);
  run(*t);
  runs.emplace_back(c, std::move(t));
  return *runs.back().second;
}

int events_mentioning(const History& h, const std::string& text) {
  return static_cast<int>(std::count_if(h.events().begin(), h.events().end(),
                                        [&](const Event& e) { return e.text.find(text) != std::string::npos; }));
}

}  // namespace

TEST_CASE("fused head: a device that answers after a few polls gives exactly the CPU run's History", "[fused_head]") {
  const RunConfig c = token_config();
  REQUIRE(validate(c).empty());
  const Trainer& cpu = cpu_run(c);
  REQUIRE(cpu.state() == RunState::finished);
  CHECK(cpu.fused_head().backend_in_use() == "blockwise");  // auto with no device: blockwise, silently
  CHECK(cpu.history().events().empty());

  for (const int k : {0, 1, 3}) {
    INFO("polls pending " << k);
    FakeDevice device;
    device.polls_pending = k;
    Trainer t(c);
    t.set_fused_device(&device, 0);
    finish_evaluation(t);
    // The first call only submits: it returns at once, waiting, with no step done.
    CHECK(t.step() == RunState::running);
    CHECK(t.waiting());
    CHECK(t.steps_done() == 0);
    CHECK(device.submissions == 1);
    int stalls = 0, jumps = 0;
    const int calls = 1 + run_watching(t, stalls, jumps);
    CHECK(stalls == 0);
    CHECK(jumps == 0);
    CHECK(calls == c.steps * (k + 2));  // submit, k pending polls, the poll that finishes the step
    CHECK(t.state() == RunState::finished);
    CHECK(t.steps_done() == c.steps);
    CHECK(device.submissions == c.steps);
    CHECK(device.misuses == 0);
    CHECK(t.history() == cpu.history());
    CHECK(t.params() == cpu.params());
    CHECK(t.fused_head().backend_in_use() == "webgpu");
    CHECK(t.fused_head().device_description() == "Fake adapter (test)");
    CHECK(t.fused_head().bytes_held() == 12345);
  }
}

TEST_CASE("fused head: a device that fails mid-run hands the same batch to the CPU and says so once", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.polls_pending = 1;
  device.fail_on_submission = 3;
  Trainer t(c);
  t.set_fused_device(&device, 0);
  int stalls = 0, jumps = 0;
  run_watching(t, stalls, jumps);
  CHECK(stalls == 0);
  CHECK(jumps == 0);  // steps_done went 0, 1, 2, … with no gap and no repeat
  CHECK(t.state() == RunState::finished);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 3);  // none after the failure
  CHECK(device.misuses == 0);
  CHECK(t.history().series() == cpu.history().series());
  CHECK(t.params() == cpu.params());
  REQUIRE(t.history().events().size() == 1);
  const Event& e = t.history().events().front();
  INFO(e.text);
  CHECK(e.step == 2);  // the third step is the one whose device work failed
  CHECK_THAT(e.text, Catch::Contains("device lost (fake)") && Catch::Contains("CPU"));
  CHECK(events_mentioning(t.history(), "fused head") == 1);
  CHECK(t.fused_head().backend_in_use() == "blockwise");
}

TEST_CASE("fused head: an unavailable device: webgpu and auto fall back with its reason and blockwise never asks it", "[fused_head]") {
  const RunConfig base = token_config();
  const Trainer& cpu = cpu_run(base);
  std::string webgpu_event;
  for (const FusedBackendChoice choice : {FusedBackendChoice::webgpu, FusedBackendChoice::auto_}) {
    INFO("choice " << fused_backend_choice_name(choice));
    RunConfig c = base;
    c.fused_backend = choice;
    FakeDevice device;
    device.device_state = DeviceState::unavailable;
    device.failure_text = "no adapter";
    Trainer t(c);
    t.set_fused_device(&device, 0);
    int stalls = 0, jumps = 0;
    run_watching(t, stalls, jumps);
    CHECK(jumps == 0);
    CHECK(device.submissions == 0);
    CHECK(t.history().series() == cpu.history().series());
    REQUIRE(t.history().events().size() == 1);
    const Event& e = t.history().events().front();
    INFO(e.text);
    CHECK(e.step == 0);
    CHECK_THAT(e.text, Catch::Contains("no adapter") && Catch::Contains("unavailable"));
    // auto takes the device when there is one, so an unavailable one is reported just as for webgpu.
    if (choice == FusedBackendChoice::webgpu)
      webgpu_event = e.text;
    else
      CHECK(e.text == webgpu_event);
  }
  RunConfig c = base;
  c.fused_backend = FusedBackendChoice::blockwise;
  FakeDevice device;
  device.device_state = DeviceState::unavailable;
  device.failure_text = "no adapter";
  Trainer t(c);
  t.set_fused_device(&device, 0);
  run(t);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 0);
  CHECK(device.fits_calls == 0);
  CHECK(t.history().events().empty());
  CHECK(t.history().series() == cpu.history().series());
}

TEST_CASE("fused head: auto leaves a software adapter alone and webgpu takes it", "[fused_head]") {
  const RunConfig base = token_config();
  const Trainer& cpu = cpu_run(base);
  for (const bool starting : {false, true}) {
    INFO((starting ? "starting first" : "ready at once"));
    FakeDevice device;
    device.software_adapter = true;
    if (starting) device.device_state = DeviceState::starting;
    Trainer t(base);  // auto
    t.set_fused_device(&device, 0);
    finish_evaluation(t);
    if (starting) {  // auto cannot know yet what the adapter is: it waits
      for (int i = 0; i < 3; ++i) CHECK(t.step() == RunState::running);
      CHECK(t.waiting());
      CHECK(t.steps_done() == 0);
      device.device_state = DeviceState::ready;
    }
    int stalls = 0, jumps = 0;
    run_watching(t, stalls, jumps);
    CHECK(jumps == 0);
    CHECK(t.steps_done() == base.steps);
    CHECK(device.submissions == 0);
    CHECK(t.history() == cpu.history());  // silently blockwise: no event either
    CHECK(t.fused_head().backend_in_use() == "blockwise");
  }
  RunConfig c = base;
  c.fused_backend = FusedBackendChoice::webgpu;
  FakeDevice device;
  device.software_adapter = true;
  Trainer t(c);
  t.set_fused_device(&device, 0);
  run(t);
  CHECK(device.submissions == c.steps);
  CHECK(t.history() == cpu.history());
  CHECK(t.fused_head().backend_in_use() == "webgpu");
}

TEST_CASE("fused head: webgpu with no device at all falls back once and auto stays silent", "[fused_head]") {
  RunConfig c = token_config();
  c.steps = 5;
  c.fused_backend = FusedBackendChoice::webgpu;
  Trainer t(c);
  run(t);
  CHECK(t.steps_done() == 5);
  REQUIRE(t.history().events().size() == 1);
  CHECK_THAT(t.history().events().front().text, Catch::Contains("page"));
  c.fused_backend = FusedBackendChoice::auto_;
  Trainer quiet(c);
  run(quiet);
  CHECK(quiet.history().events().empty());
}

TEST_CASE("fused head: a device that is still starting is waited for and then trains", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.device_state = DeviceState::starting;
  device.polls_pending = 1;
  Trainer t(c);
  t.set_fused_device(&device, 0);
  finish_evaluation(t);
  for (int i = 0; i < 5; ++i) {
    CHECK(t.step() == RunState::running);
    CHECK(t.waiting());
    CHECK(t.steps_done() == 0);
  }
  CHECK(device.submissions == 0);
  device.device_state = DeviceState::ready;
  int stalls = 0, jumps = 0;
  run_watching(t, stalls, jumps);
  CHECK(stalls == 0);
  CHECK(jumps == 0);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == c.steps);
  CHECK(device.misuses == 0);
  CHECK(t.history().events().empty());
  CHECK(t.history() == cpu.history());
}

TEST_CASE("fused head: a device that comes up unavailable after starting falls back without losing the waiting step", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.device_state = DeviceState::starting;
  Trainer t(c);
  t.set_fused_device(&device, 0);
  finish_evaluation(t);
  for (int i = 0; i < 3; ++i) t.step();
  CHECK(t.steps_done() == 0);
  device.device_state = DeviceState::unavailable;
  device.failure_text = "adapter request rejected";
  run(t);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 0);
  CHECK(t.history().series() == cpu.history().series());
  REQUIRE(t.history().events().size() == 1);
  CHECK_THAT(t.history().events().front().text, Catch::Contains("adapter request rejected"));
}

TEST_CASE("fused head: a device that refuses the size falls back and names its bytes", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.too_big = "buffer dW is 2048 bytes, maxStorageBufferBindingSize is 1024 bytes";
  Trainer t(c);
  t.set_fused_device(&device, 0);
  run(t);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 0);
  CHECK(device.fits_calls == 1);  // asked once: the run stays on the CPU after that
  CHECK(t.history().series() == cpu.history().series());
  REQUIRE(t.history().events().size() == 1);
  INFO(t.history().events().front().text);
  CHECK_THAT(t.history().events().front().text, Catch::Contains(device.too_big));
}

TEST_CASE("fused head: a busy device is waited for", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.busy_answers = 4;
  device.polls_pending = 0;
  Trainer t(c);
  t.set_fused_device(&device, 0);
  finish_evaluation(t);
  int calls = 0;
  while (device.busy_answers > 0 && calls < 100) {
    CHECK(t.step() == RunState::running);
    ++calls;
    CHECK(t.waiting());
    CHECK(t.steps_done() == 0);
    CHECK(device.submissions == 0);
  }
  CHECK(calls == 4);  // one idle() question per call
  int stalls = 0, jumps = 0;
  run_watching(t, stalls, jumps);
  CHECK(stalls == 0);
  CHECK(jumps == 0);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == c.steps);
  CHECK(device.misuses == 0);
  CHECK(t.history() == cpu.history());
}

TEST_CASE("fused head: the naive head gives the blockwise History to float rounding", "[fused_head]") {
  RunConfig c = token_config();
  const Trainer& blockwise = cpu_run(c);
  c.fused_backend = FusedBackendChoice::naive;
  REQUIRE(validate(c).empty());
  FakeDevice device;  // never asked: naive is a CPU choice
  Trainer t(c);
  t.set_fused_device(&device, 0);
  run(t);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 0);
  CHECK(t.fused_head().backend_in_use() == "naive");
  CHECK(t.history().events().empty());
  for (const char* name : {"train_loss", "test_loss"}) {
    const Series* a = t.history().find(name);
    const Series* b = blockwise.history().find(name);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->step == b->step);
    CHECK(a->step.size() == 4);  // steps 0, 10, 20, 30
    for (size_t i = 0; i < a->value.size(); ++i) {
      INFO(name << " at step " << a->step[i]);
      CHECK(a->value[i] == Approx(b->value[i]).epsilon(1e-5));
    }
  }
  CHECK(t.params().isApprox(blockwise.params(), 1e-4f));
}

TEST_CASE("fused head: a live switch to blockwise while the device works finishes that step from the device", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.polls_pending = 2;
  Trainer t(c);
  t.set_fused_device(&device, 0);
  finish_evaluation(t);
  for (int i = 0; i < 5 * 4 + 1; ++i) t.step();  // five steps done, the sixth submitted
  REQUIRE(t.waiting());
  REQUIRE(t.steps_done() == 5);
  REQUIRE(device.submissions == 6);
  RunConfig next = c;
  next.fused_backend = FusedBackendChoice::blockwise;
  REQUIRE(t.apply_live(next));
  int stalls = 0, jumps = 0;
  run_watching(t, stalls, jumps);
  CHECK(stalls == 0);
  CHECK(jumps == 0);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 6);  // the pending step came back from the device; none after the switch
  CHECK(device.misuses == 0);
  CHECK(t.history().series() == cpu.history().series());
  REQUIRE(t.history().events().size() == 1);
  CHECK_THAT(t.history().events().front().text, Catch::Contains("fused_backend"));
}

TEST_CASE("fused head: the fused backend choices are registered by name", "[fused_head]") {
  for (const auto& [choice, name] : {std::pair{FusedBackendChoice::auto_, "auto"},
                                     std::pair{FusedBackendChoice::webgpu, "webgpu"},
                                     std::pair{FusedBackendChoice::blockwise, "blockwise"},
                                     std::pair{FusedBackendChoice::naive, "naive"}}) {
    CHECK(fused_backend_choice_name(choice) == name);
    CHECK(fused_backend_from_name(name) == choice);
  }
  CHECK_FALSE(fused_backend_from_name("cuda"));
}

TEST_CASE("fused head: a reset while the device works starts the new run cleanly on the same device", "[fused_head]") {
  const RunConfig c = token_config();
  const Trainer& cpu = cpu_run(c);
  FakeDevice device;
  device.completes_unpolled = true;
  device.polls_pending = 3;
  {
    Trainer old_run(c);
    old_run.set_fused_device(&device, 0);
    finish_evaluation(old_run);
    old_run.step();
    REQUIRE(old_run.waiting());
    REQUIRE(device.submissions == 1);
  }  // the page's reset: the old run is gone with its step in flight
  Trainer t(c);
  t.set_fused_device(&device, 0);
  int stalls = 0, jumps = 0;
  run_watching(t, stalls, jumps);
  CHECK(stalls == 0);
  CHECK(jumps == 0);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 1 + c.steps);  // the old result was never taken: every new step submitted
  CHECK(device.misuses == 0);
  CHECK(t.history() == cpu.history());
}

TEST_CASE("fused head: auto leaves a head too small for the device on the CPU", "[fused_head]") {
  const RunConfig c = token_config();  // 6·16·8·64 flops: far below FusedHead::kAutoMinFlops
  FakeDevice device;
  Trainer t(c);
  t.set_fused_device(&device);  // the default threshold
  run(t);
  CHECK(t.steps_done() == c.steps);
  CHECK(device.submissions == 0);
  CHECK(t.history().events().empty());
  CHECK(t.fused_head().backend_in_use() == "blockwise");
}
