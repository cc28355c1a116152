#pragma once
// Classification datasets: synthetic 2-D toys, the handwritten digits and user CSV files.
// Every generator is deterministic for a given Rng seed.
#include "Rng.h"

#include <Eigen/Core>
#include <istream>
#include <string>
#include <vector>

namespace bnlab {

struct Dataset {
    std::string name;
    Eigen::MatrixXd x;  // samples × features (one row per sample, as in PyTorch)
    std::vector<int> y; // class label of each sample, 0 … classes-1
    int classes = 0;
    // The label each class index stands for: 0 … k-1 for the synthetic sets, the file's own
    // labels (increasing) for a CSV file. Two files agree only if these are equal.
    std::vector<long long> labelValues;
    std::string source; // the file the data came from (for messages); empty if generated

    Eigen::Index size() const { return x.rows(); }
    Eigen::Index features() const { return x.cols(); }
    std::vector<int> classCounts() const;
};

// Synthetic datasets. `noise` is the standard deviation of Gaussian noise added to each point
// (for blobs: the spread of each blob). Samples are split as evenly as possible over classes.
Dataset makeBlobs(int samples, int classes, double noise, Rng& rng);
Dataset makeMoons(int samples, double noise, Rng& rng);
Dataset makeCircles(int samples, double noise, Rng& rng, double factor = 0.5);
Dataset makeSpirals(int samples, int classes, double noise, Rng& rng);
Dataset makeXor(int samples, double noise, Rng& rng);

// CSV: numeric feature columns, integer class label in the last column, optional header row.
// Labels may be any integers; they are mapped to 0 … k-1 in increasing order.
// Throws InputError naming `displayName`, the line and the problem for any malformed input.
Dataset parseCsv(std::istream& in, const std::string& displayName);
Dataset loadCsv(const std::string& path);

// "{0, 1, 2}": a label set for messages (long sets are shortened).
std::string describeLabels(const std::vector<long long>& labels);

// Train/validation split, stratified by class, shuffled by rng. validationFraction in (0, 1).
struct Split {
    Dataset train;
    Dataset validation;
};
Split splitTrainValidation(const Dataset& all, double validationFraction, Rng& rng);

} // namespace bnlab
