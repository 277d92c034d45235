#include "train/loss_json.hpp"

#include <cmath>

#include "loss/loss.hpp"
#include "train/run_config.hpp"
#include "util/join.hpp"

namespace losslab {
namespace {

using nlohmann::json;

constexpr size_t kMaxEntries = 10'000'000;  // logits per request: keeps a typo from eating the machine

// Reads a matrix given as one row per sample into K×B (one sample per column). `rows` and `cols` are the
// expected sample count and row length when known (> 0).
bool read_matrix(const json& input, const char* key, int rows, int cols, MatD& out,
                 std::vector<std::string>& errors) {
  const auto it = input.find(key);
  if (it == input.end() || !it->is_array() || it->empty()) {
    errors.push_back(std::string(key) + ": expected a non-empty list of rows (one per sample) of numbers");
    return false;
  }
  if (rows > 0 && static_cast<int>(it->size()) != rows) {
    errors.push_back(std::string(key) + ": has " + std::to_string(it->size()) + " rows; the logits have " +
                     std::to_string(rows));
    return false;
  }
  const json& first = it->front();
  if (!first.is_array() || first.empty()) {
    errors.push_back(std::string(key) + ": row 0 is not a non-empty list of numbers");
    return false;
  }
  const size_t k = cols > 0 ? static_cast<size_t>(cols) : first.size();
  if (k * it->size() > kMaxEntries) {
    errors.push_back(std::string(key) + ": " + std::to_string(k * it->size()) + " numbers; at most " +
                     std::to_string(kMaxEntries) + " allowed");
    return false;
  }
  out.resize(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(it->size()));
  for (size_t i = 0; i < it->size(); ++i) {
    const json& row = (*it)[i];
    if (!row.is_array() || row.size() != k) {
      errors.push_back(std::string(key) + ": row " + std::to_string(i) + " must be a list of " + std::to_string(k) +
                       " numbers");
      return false;
    }
    for (size_t j = 0; j < k; ++j) {
      if (!row[j].is_number() || !std::isfinite(row[j].get<double>())) {
        errors.push_back(std::string(key) + ": row " + std::to_string(i) + ", entry " + std::to_string(j) +
                         " is not a finite number");
        return false;
      }
      out(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = row[j].get<double>();
    }
  }
  return true;
}

json rows_of(const MatD& m) {
  json out = json::array();
  for (Eigen::Index i = 0; i < m.cols(); ++i) {
    json row = json::array();
    for (Eigen::Index j = 0; j < m.rows(); ++j) row.push_back(m(j, i));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

LossJsonResult evaluate_loss_json(std::string_view loss_name,
                                  const std::vector<std::pair<std::string, std::string>>& params,
                                  const json& input) {
  LossJsonResult r;
  const LossInfo* loss = find_loss(loss_name);
  if (!loss) {
    r.errors.push_back("'" + std::string(loss_name) + "' is not a loss; known losses: " + join(loss_names()));
    return r;
  }
  // The parameters go through the config's own checks, so the messages match configs and URLs.
  RunConfig config;
  config.loss = std::string(loss->name);
  config.loss_params = default_loss_params(*loss);
  bool bins_given = false;
  for (const auto& [key, value] : params) {
    if (auto e = set_field_from_text(config, "loss." + key, value)) r.errors.push_back(e->message);
    bins_given = bins_given || key == "bins";
  }
  if (!input.is_object()) {
    r.errors.push_back("input: expected a JSON object with \"logits\" and \"labels\", \"targets\" or \"values\"");
    return r;
  }
  MatD logits, targets, teacher, adv, features;
  if (!read_matrix(input, "logits", 0, 0, logits, r.errors)) return r;
  const int k = static_cast<int>(logits.rows()), b = static_cast<int>(logits.cols());
  LossBatch batch;
  batch.logits = &logits;
  std::vector<int32_t> labels;
  std::vector<double> values;
  if (loss->task == LossTask::classification) {
    if (k < 2) r.errors.push_back("logits: a classification loss needs at least 2 classes per row");
    if (input.contains("targets")) {
      if (read_matrix(input, "targets", b, k, targets, r.errors)) {
        for (Eigen::Index i = 0; i < targets.cols(); ++i)
          if ((targets.col(i).array() < 0).any() || std::abs(targets.col(i).sum() - 1) > 1e-6) {
            r.errors.push_back("targets: row " + std::to_string(i) + " must be non-negative and sum to 1");
            break;
          }
        batch.soft_targets = &targets;
      }
    } else if (const auto it = input.find("labels"); it != input.end() && it->is_array() &&
                                                     static_cast<int>(it->size()) == b) {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& y = (*it)[i];
        if (!y.is_number_integer() || y.get<int64_t>() < 0 || y.get<int64_t>() >= k) {
          r.errors.push_back("labels: entry " + std::to_string(i) + " is not a class in [0, " + std::to_string(k - 1) +
                             "]");
          break;
        }
        labels.push_back(static_cast<int32_t>(y.get<int64_t>()));
      }
      batch.labels = labels;
    } else {
      r.errors.push_back("labels: expected a list of " + std::to_string(b) +
                         " class indices (one per logits row), or \"targets\" with soft targets");
    }
  } else {
    if (const int bins = loss_param_index(*loss, "bins"); bins >= 0) {
      if (!bins_given) config.loss_params[static_cast<size_t>(bins)] = k;
      if (config.loss_params[static_cast<size_t>(bins)] != k)
        r.errors.push_back("loss.bins: " + std::to_string(static_cast<int>(config.loss_params[static_cast<size_t>(bins)])) +
                           " bins, but the logits rows have " + std::to_string(k) + " entries");
    } else if (k != 1) {
      r.errors.push_back("logits: '" + std::string(loss->name) + "' has a scalar head: each row must hold 1 number");
    }
    const auto it = input.find("values");
    if (it == input.end() || !it->is_array() || static_cast<int>(it->size()) != b) {
      r.errors.push_back("values: expected a list of " + std::to_string(b) + " regression targets");
    } else {
      for (const json& v : *it) {
        if (!v.is_number() || !std::isfinite(v.get<double>())) {
          r.errors.push_back("values: every entry must be a finite number");
          break;
        }
        values.push_back(v.get<double>());
      }
      batch.values = values;
    }
  }
  if ((loss->needs & kNeedsTeacher) && read_matrix(input, "teacher_logits", b, k, teacher, r.errors))
    batch.teacher_logits = &teacher;
  if ((loss->needs & kNeedsAdversarial) && read_matrix(input, "adv_logits", b, k, adv, r.errors))
    batch.adv_logits = &adv;
  if ((loss->needs & kNeedsFeatures) && read_matrix(input, "features", b, 0, features, r.errors))
    batch.features = &features;
  if (loss->check_params)
    if (std::string problem = loss->check_params(config.loss_params); !problem.empty()) r.errors.push_back(problem);
  if (!r.errors.empty()) return r;

  std::vector<double> state;
  if (loss->state_init) {
    state.assign(static_cast<size_t>(b), loss->state_init(config.loss_params));
    if (loss->state_update) loss->state_update(batch, config.loss_params, state);
    batch.sample_state = state;
  }
  LossResult result;
  evaluate_loss(*loss, config.loss_params, batch, result, true);
  r.output = {{"loss", std::vector<double>(result.loss.data(), result.loss.data() + result.loss.size())},
              {"grad", rows_of(result.dlogits)}};
  if (batch.adv_logits) r.output["grad_adv"] = rows_of(result.dadv);
  if (!state.empty()) r.output["state"] = state;
  return r;
}

}  // namespace losslab
