// Matrix types shared by the core. One storage convention everywhere:
// column-major, one sample per column — a batch of B samples with F features is an F×B matrix,
// so each sample is contiguous (softmax over a column touches one cache line run).
#pragma once

#include <Eigen/Core>

namespace losslab {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;   // F×B, column-major
using Vec = Eigen::Matrix<float, Eigen::Dynamic, 1>;
using MatMap = Eigen::Map<Mat>;
using VecMap = Eigen::Map<Vec>;
using ConstMatMap = Eigen::Map<const Mat>;
using ConstVecMap = Eigen::Map<const Vec>;
// Float64 for the loss layer and metrics (K×B, small), where rounding would blur exact checks.
using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

}  // namespace losslab
