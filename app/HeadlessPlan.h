#pragma once
// What a headless run will do: the lesson (if any) with the command line's overrides applied,
// turned into a training configuration, the view the figures show and the labels of the
// momenta as the user wrote them.
#include "CommandLine.h"
#include "Config.h"
#include "ViewSettings.h"

#include <QString>
#include <QStringList>

namespace bnlab {

struct HeadlessPlan {
    QString title; // the lesson's title, or "custom configuration"
    TrainingConfig config;
    ViewSettings view;
    QStringList bankLabels; // one per config.estimators: CSV headers and summary rows
    long steps = 3000;
    QString run; // the lesson's recorded run (.bnlab): rendered instead of training
};

// Throws InputError (a lesson that cannot be read) or ConfigError (a dataset name that is
// neither a known set nor a file). The configuration itself is validated by the Trainer.
HeadlessPlan makeHeadlessPlan(const HeadlessOptions& options);

// A momentum as a label: "0.99", "0.1" (12 significant digits hide 1 − 0.99 =
// 0.010000000000000009).
QString momentumLabel(double momentum);

} // namespace bnlab
