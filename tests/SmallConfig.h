#pragma once
// A run small enough for a window test to train in a moment: 300 samples, one hidden layer of
// 8, batches of 16, validation accuracy every `evaluateEvery` steps.
#include "Config.h"

inline bnlab::TrainingConfig smallConfig(int evaluateEvery) {
    bnlab::TrainingConfig c;
    c.data.samples = 300;
    c.model.hidden = {8};
    c.batchSize = 16;
    c.evaluateEvery = evaluateEvery;
    return c;
}
