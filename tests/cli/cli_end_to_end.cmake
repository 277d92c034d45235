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

# JSON output carries the config and the History.
expect_run(0 run --preset moons --steps 100 --out m.json --quiet)
file(READ "${WORK_DIR}/m.json" doc)
expect_contains("${doc}" "\"dataset\": \"moons\"")
expect_contains("${doc}" "\"test_acc\"")

# Bad input: one line naming the field, non-zero exit.
file(WRITE "${WORK_DIR}/unknown.json" "{\"dataset\": \"spirals\", \"learnrate\": 0.1}")
expect_run(1 run --config unknown.json --out x.csv)
expect_contains("${LAST_ERR}" "unknown key 'learnrate'")
file(WRITE "${WORK_DIR}/negative.json" "{\"lr\": -0.5}")
expect_run(1 run --config negative.json --out x.csv)
expect_contains("${LAST_ERR}" "lr: -0.5 is out of range; allowed [1e-06, 10]")
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
expect_run(3 run --preset spirals --set optimizer=sgd --set lr=10 --set momentum=0.999
           --set hidden=256,256,256 --set steps=2000 --set eval_every=5 --out diverged.csv)
expect_contains("${LAST_ERR}" "diverged")
expect_contains("${LAST_ERR}" "History up to it written")
file(READ "${WORK_DIR}/diverged.csv" partial)
expect_contains("${partial}" "step,train_loss")

# list --json parses and names every field.
expect_run(0 list --json)
expect_contains("${LAST_OUT}" "\"key\": \"batch_size\"")
expect_contains("${LAST_OUT}" "\"presets\"")
