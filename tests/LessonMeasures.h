#pragma once
// What the screen shows for a lesson, computed headless from the same record the window draws:
// the lesson's configuration run for its suggested steps by the core Trainer, then
//   mean/variance plots   population records and EMA replays of view.layer / view.feature
//   error plot            errorVsPopulation over all features of view.layer (mean and variance)
//   accuracy plot         evaluations (batch statistics, population) and the EMA of any
//                         momentum re-evaluated at the weight snapshots (as the slider does)
//   training curves       per-step training accuracy, loss and learning rate
// Momenta are given as Keras β (the lesson text's canonical form) and shown in the view's
// convention, with the view's variance estimator, exactly as Dashboard::displayedSpec does.
#include "History.h"
#include "Lesson.h"
#include "SnapshotEvaluator.h"
#include "Trainer.h"

#include <QString>
#include <functional>
#include <memory>
#include <vector>

namespace bnlab::measures {

// Values at steps, as a plot draws them.
struct Series {
    std::vector<long> steps;
    std::vector<double> values;

    void add(long step, double value) {
        steps.push_back(step);
        values.push_back(value);
    }
    // Over the points with from <= step <= to.
    double mean(long from, long to) const;
    double median(long from, long to) const;
    double min(long from, long to) const;
    double max(long from, long to) const;
    int count(long from, long to) const;
    double at(long step) const; // the point at `step`, or the last one before it
    // The first step >= from where the value is <= threshold, or -1.
    long firstAtMost(double threshold, long from = 0) const;
};

// One lesson run (or a variant of it, for a "try this" sentence).
class LessonRun {
  public:
    // Runs `lesson` (after `change`, if given) for its suggested steps.
    explicit LessonRun(Lesson lesson, const std::function<void(Lesson&)>& change = {});

    const Lesson& lesson() const { return lesson_; }
    const History& history() const { return history_; }
    const Trainer& trainer() const { return *trainer_; }
    long steps() const { return history_.steps(); }

    // The estimator the screen draws for Keras β (in the view's convention and variance).
    EstimatorSpec shownSpec(double beta) const;

    // Running-mean and running-variance plots: the view's layer and feature.
    Series populationMean() const;
    Series populationVar() const;
    Series batchMean() const; // the dots, one per step
    Series batchVar() const;  // biased σ²_B (× m/(m−1) when the view shows unbiased)
    Series preciseMean() const;
    Series preciseVar() const;
    Series emaMean(double beta) const; // every step
    Series emaVar(double beta) const;

    // Error plot: RMS over the layer's features, relative to the population, at population steps.
    Series meanError(double beta, int layer = -1) const;
    Series varError(double beta, int layer = -1) const;

    // Accuracy plot, in percent, at the evaluation steps.
    Series batchAccuracy() const;
    Series populationAccuracy() const;
    Series emaAccuracy(double beta) const;
    // Training curves, per step: accuracy in percent of each training batch, loss, rate.
    Series trainingAccuracy() const;
    Series trainingLoss() const;
    Series learningRate() const;

  private:
    Lesson lesson_;
    std::unique_ptr<Trainer> trainer_;
    History history_;
    std::unique_ptr<SnapshotEvaluator> evaluator_;
};

// A bundled lesson by number (1 … 8).
Lesson bundledLesson(int number);

} // namespace bnlab::measures
