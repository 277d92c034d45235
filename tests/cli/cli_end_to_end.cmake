# Runs the `losslab` CLI as a user would and checks exit codes, files and messages.
# Invoked by CTest: cmake -DLOSSLAB=<path> -DWORK_DIR=<dir> -P cli_end_to_end.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(expect_run expected_code)
  execute_process(COMMAND "${LOSSLAB}" ${ARGN} WORKING_DIRECTORY "${WORK_DIR}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "losslab ${ARGN}: exit ${code}, expected ${expected_code}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(LAST_OUT "${out}" PARENT_SCOPE)
  set(LAST_ERR "${err}" PARENT_SCOPE)
endfunction()

function(expect_contains text needle)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected to find '${needle}' in:\n${text}")
  endif()
endfunction()

# The issue's acceptance run: spirals to ≥ 0.95 test accuracy, and twice gives identical files.
expect_run(0 run --preset spirals --steps 3000 --seed 1 --out m.csv)
expect_run(0 run --preset spirals --steps 3000 --seed 1 --out m2.csv)
file(READ "${WORK_DIR}/m.csv" first)
file(READ "${WORK_DIR}/m2.csv" second)
if(NOT first STREQUAL second)
  message(FATAL_ERROR "two runs with the same seed wrote different files")
endif()
string(REGEX MATCH "\n3000,[^\n]*\n$" last_row "${first}")
string(REPLACE "\n" "" last_row "${last_row}")
string(REPLACE "," ";" cells "${last_row}")
list(GET cells 4 test_acc)  # step,train_loss,train_acc,test_loss,test_acc
if(test_acc LESS 0.95)
  message(FATAL_ERROR "spirals test accuracy ${test_acc} < 0.95")
endif()
message(STATUS "spirals --steps 3000 --seed 1: test_acc ${test_acc}")
# The instruments are columns of the same file.
string(REGEX MATCH "^[^\n]*" header "${first}")
foreach(column test_ece train_ece test_nll test_brier temperature test_ece_temperature weight_norm nc1
               grad_coherence margin_p50)
  expect_contains("${header}" ",${column}")
endforeach()

# JSON output carries the config and the History.
expect_run(0 run --preset moons --steps 100 --out m.json --quiet)
file(READ "${WORK_DIR}/m.json" doc)
expect_contains("${doc}" "\"dataset\": \"moons\"")
expect_contains("${doc}" "\"test_acc\"")
expect_contains("${doc}" "\"instruments\"")
expect_contains("${doc}" "\"fitted_temperature\"")

# A noisy modular-arithmetic run measures memorization and the embedding's Fourier spectrum.
expect_run(0 run --preset spirals --set dataset=modular --set modulus=13 --set batch_size=32
           --set label_noise=symmetric --steps 40 --out modular.csv --quiet)
file(READ "${WORK_DIR}/modular.csv" modular)
string(REGEX MATCH "^[^\n]*" header "${modular}")
foreach(column noisy_as_given noisy_as_true clean_subset_acc fourier_sparsity grad_coherence_noisy)
  expect_contains("${header}" ",${column}")
endforeach()
expect_run(1 run --preset spirals --set dataset=modular --set modulus=12 --out x.csv)
expect_contains("${LAST_ERR}" "modulus: 12 is not prime")

# The token language model: the preset at a smaller vocabulary records the entropy floor and the gap; the
# webgpu backend asked for on the command line falls back to the CPU and says so in the History.
expect_run(0 run --preset token-lm-64k --set vocab=512 --set fused_backend=webgpu --set eval_every=10 --steps 20
           --out lm.json --quiet)
file(READ "${WORK_DIR}/lm.json" lm)
foreach(key loss_floor reducible_gap test_loss "fused head: WebGPU exists only in the page")
  expect_contains("${lm}" "${key}")
endforeach()
expect_run(1 run --preset token-lm-64k --set loss=gce --out x.csv)
expect_contains("${LAST_ERR}" "loss: 'gce' is not available for the token language model")
expect_run(1 run --preset token-lm-64k --set embed_dim=1024 --out x.csv)
expect_contains("${LAST_ERR}" "embed_dim: vocab × embed_dim: the token model would hold")

# A phenomenon timed to its signature; a preset without one is refused.
expect_run(0 bench phenomena --preset entropy-floor-lm --json)
expect_contains("${LAST_OUT}" "\"reached\": true")
expect_contains("${LAST_OUT}" "entropy floor at step")
expect_run(1 bench phenomena --preset spirals)
expect_contains("${LAST_ERR}" "no phenomenon preset named 'spirals'")

# Bad input: one line naming the field, non-zero exit.
file(WRITE "${WORK_DIR}/unknown.json" "{\"dataset\": \"spirals\", \"learnrate\": 0.1}")
expect_run(1 run --config unknown.json --out x.csv)
expect_contains("${LAST_ERR}" "unknown key 'learnrate'")
file(WRITE "${WORK_DIR}/negative.json" "{\"lr\": -0.5}")
expect_run(1 run --config negative.json --out x.csv)
expect_contains("${LAST_ERR}" "lr: -0.5 is out of range; allowed [1e-12, 10]")
file(WRITE "${WORK_DIR}/broken.json" "{\"lr\": ")
expect_run(1 run --config broken.json --out x.csv)
expect_contains("${LAST_ERR}" "not valid JSON")
expect_run(1 run --config missing.json --out x.csv)
expect_contains("${LAST_ERR}" "cannot read 'missing.json'")
expect_run(1 run --preset spirals --set activation=sigmoid --out x.csv)
expect_contains("${LAST_ERR}" "activation: 'sigmoid' is not one of relu, tanh, gelu")
expect_run(1 run --preset nope --out x.csv)
expect_contains("${LAST_ERR}" "known presets: spirals")
expect_run(1 run --preset spirals --out x.txt)
expect_contains("${LAST_ERR}" "must end in .csv or .json")

# Divergence: non-zero exit, a message, and the History up to it on disk.
expect_run(3 run --preset spirals --set optimizer=momentum --set lr=10 --set momentum=0.999
           --set hidden=256,256,256 --set steps=2000 --set eval_every=5 --out diverged.csv)
expect_contains("${LAST_ERR}" "diverged")
expect_contains("${LAST_ERR}" "History up to it written")
file(READ "${WORK_DIR}/diverged.csv" partial)
expect_contains("${partial}" "step,train_loss")

# list --json parses and names every field.
expect_run(0 list --json)
expect_contains("${LAST_OUT}" "\"key\": \"batch_size\"")
expect_contains("${LAST_OUT}" "\"presets\"")
expect_contains("${LAST_OUT}" "\"name\": \"hl_gauss\"")
expect_contains("${LAST_OUT}" "\"label_noise\"")

# losslab loss: a batch on stdin, per-sample losses and gradients out; bad input named.
file(WRITE "${WORK_DIR}/batch.json" "{\"logits\": [[2, 1, -1], [0, 0, 0]], \"labels\": [0, 2]}")
function(expect_loss expected_code)
  execute_process(COMMAND "${LOSSLAB}" loss ${ARGN} INPUT_FILE "${WORK_DIR}/batch.json"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "losslab loss ${ARGN}: exit ${code}, expected ${expected_code}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(LAST_OUT "${out}" PARENT_SCOPE)
  set(LAST_ERR "${err}" PARENT_SCOPE)
endfunction()
expect_loss(0 ce)
# ℓ = log(e² + e + e⁻¹) − 2 = 0.3490122…; uniform logits give log 3 = 1.0986122…
expect_contains("${LAST_OUT}" "\"loss\":[0.349012216768")
expect_contains("${LAST_OUT}" "1.09861228866")
expect_contains("${LAST_OUT}" "\"grad\":[[")
expect_loss(0 gce --param q=1)
expect_loss(1 gce --param q=1.5)
expect_contains("${LAST_ERR}" "loss.q: 1.5 is out of range; allowed [0.001, 1]")
expect_loss(1 gce --param temperature=2)
expect_contains("${LAST_ERR}" "loss 'gce' has no parameter 'temperature'; its parameters: q")
expect_loss(1 nope)
expect_contains("${LAST_ERR}" "'nope' is not a loss; known losses: ce")
expect_loss(1 kd)
expect_contains("${LAST_ERR}" "teacher_logits")
file(WRITE "${WORK_DIR}/batch.json" "{\"logits\": [[2, 1, -1]], \"labels\": [3]}")
expect_loss(1 ce)
expect_contains("${LAST_ERR}" "labels: entry 0 is not a class in [0, 2]")

# Label noise from the command line: a malformed transition matrix is rejected by name.
expect_run(1 run --preset moons --set label_noise=matrix --set label_noise.matrix=0.9,0.2,0.1,0.9 --out x.csv)
expect_contains("${LAST_ERR}" "label_noise.matrix: row 0 sums to 1.1")
expect_run(1 run --preset moons --set label_noise=matrix --set label_noise.matrix=1,0,0 --out x.csv)
expect_contains("${LAST_ERR}" "label_noise.matrix")
expect_run(0 run --preset moons --set label_noise=symmetric --set label_noise.rate=0.3 --set loss=gce
           --set loss.q=0.5 --set steps=50 --out noisy.json --quiet)
file(READ "${WORK_DIR}/noisy.json" doc)
expect_contains("${doc}" "\"loss.q\": 0.5")
expect_contains("${doc}" "label noise symmetric")

# losslab sweep: a 2×2 grid on two threads writes a History per run, a summary and a curve; each run is
# the run `losslab run` makes from the same settings, byte for byte, whatever the thread count.
expect_run(0 sweep --preset moons --steps 60 --grid hidden=4,8/8 --grid seed=1,2 --jobs 2 --out sweep2)
foreach(f run_0.csv run_1.csv run_2.csv run_3.csv summary.csv curve.csv)
  if(NOT EXISTS "${WORK_DIR}/sweep2/${f}")
    message(FATAL_ERROR "losslab sweep wrote no ${f}")
  endif()
endforeach()
file(READ "${WORK_DIR}/sweep2/summary.csv" summary)
expect_contains("${summary}" "run,hidden,seed,state,message,steps,params,final_train_loss")
expect_contains("${summary}" "\n3,8/8,2,finished,")
file(READ "${WORK_DIR}/sweep2/curve.csv" curve)
expect_contains("${curve}" "params,train_loss")
expect_run(0 run --preset moons --steps 60 --set hidden=8,8 --seed 2 --out sweep_single.csv --quiet)
file(READ "${WORK_DIR}/sweep2/run_3.csv" from_sweep)
file(READ "${WORK_DIR}/sweep_single.csv" single)
if(NOT from_sweep STREQUAL single)
  message(FATAL_ERROR "the sweep's run hidden=8/8 seed=2 differs from losslab run with the same settings")
endif()
# Bad grids are named before anything runs.
expect_run(1 sweep --preset moons --grid lr=0.01,-3 --out sweep_bad)
expect_contains("${LAST_ERR}" "lr")
expect_run(1 sweep --preset moons --out sweep_bad)
expect_contains("${LAST_ERR}" "--grid")
expect_run(1 sweep --preset moons --grid lr=0.01 --x hidden --out sweep_bad)
expect_contains("${LAST_ERR}" "--x")

# losslab check (grading): the run's own CSV passes; another seed's, a changed value and a broken file do
# not, each saying why.
expect_run(0 run --preset moons --steps 200 --seed 3 --out student.csv)
expect_run(0 check --preset moons --set steps=200 --set seed=3 --csv student.csv)
expect_contains("${LAST_OUT}" "OK: ")
expect_run(4 check --preset moons --set steps=200 --set seed=4 --csv student.csv)
expect_contains("${LAST_OUT}" "MISMATCH: ")
expect_contains("${LAST_OUT}" "train_loss: at step 0 expected")
file(READ "${WORK_DIR}/student.csv" student)
string(REGEX REPLACE "\n200,[0-9.e+-]+," "\n200,0.5," edited "${student}")
file(WRITE "${WORK_DIR}/edited.csv" "${edited}")
expect_run(4 check --preset moons --set steps=200 --set seed=3 --csv edited.csv --series train_loss,test_acc)
expect_contains("${LAST_OUT}" "train_loss: at step 200 expected")
file(WRITE "${WORK_DIR}/broken.csv" "step,train_loss\n0,0.7\n10,high\n")
expect_run(1 check --preset moons --csv broken.csv)
expect_contains("${LAST_ERR}" "line 3: train_loss: 'high' is not a number")
expect_run(1 check --preset moons --set steps=200 --set seed=3 --csv student.csv --series no_such_series)
expect_contains("${LAST_ERR}" "--series: 'no_such_series' is not recorded")
# The README's worked assignment runs and checks as the README says.
set(assignment "${CMAKE_CURRENT_LIST_DIR}/../../docs/assignment/label_noise.json")
expect_run(0 run --config "${assignment}" --out assignment.csv)
expect_run(0 check --config "${assignment}" --csv assignment.csv)
expect_contains("${LAST_OUT}" "OK: ")
# --link: a page's address (or its hash) is a config; the page's own keys are passed over, bad values named.
expect_run(0 run --link "http://127.0.0.1:8080/#preset=moons&loss=gce&steps=50&plots=loss&classroom=lr" --out link.csv)
expect_run(1 run --link "#preset=moons&lr=-1" --out link.csv)
expect_contains("${LAST_ERR}" "--link: lr: -1 is out of range")
# --data: your own CSV trains as custom points (a quarter held out); a bad row is named by its line.
file(WRITE "${WORK_DIR}/mine.csv" "x,y,kind\n0,0,a\n0.2,0.1,a\n0.1,0.3,a\n0.3,0.2,a\n3,3,b\n3.2,2.9,b\n2.8,3.1,b\n3.1,3.3,b\n")
expect_run(0 run --data mine.csv --set steps=100 --out mine_run.json --quiet)
file(READ "${WORK_DIR}/mine_run.json" mine)
expect_contains("${mine}" "\"dataset\": \"custom\"")
expect_contains("${mine}" "\"holdout\": 0.25")
expect_contains("${LAST_ERR}" "8 rows, 2 features (x, y), 2 classes (a = 0, b = 1)")
expect_run(0 run --preset moons --data mine.csv --keep-scale --set holdout=0 --set steps=100 --out mine_raw.json --quiet)
file(READ "${WORK_DIR}/mine_raw.json" mine_raw)
expect_contains("${mine_raw}" "3.2,")
file(WRITE "${WORK_DIR}/mine_bad.csv" "x,y,kind\n0,0,a\n0.2,,a\n")
expect_run(1 run --data mine_bad.csv --out x.csv)
expect_contains("${LAST_ERR}" "line 3: y is empty, not a number")
expect_run(1 run --data mine.csv --label-column z --out x.csv)
expect_contains("${LAST_ERR}" "label_column: 'z' is not a column; the columns are x, y, kind")
