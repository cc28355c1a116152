#pragma once
// Data for analysis: the trace, evaluation and training curves as CSV files with a header row,
// loadable by pandas and spreadsheets as they are. Written atomically (QSaveFile).
// Each function returns an empty string on success, or a message naming the path and problem.
#include "History.h"
#include "RunningStats.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace bnlab {

// step,layer,feature,batch_mean,batch_var,pop_mean,pop_var,ema_mean@M,ema_var@M,…
// One row per step, BN layer and feature; batch_var is the biased batch variance; pop_* are
// empty where not computed; one ema pair per spec, headed by its label (M as the user wrote it).
QString writeTraceCsv(const History& history, const std::vector<EstimatorSpec>& specs,
                      const QStringList& labels, const QString& path);
// step,mode,momentum,val_accuracy,val_loss — mode is batch, ema (one row per bank entry,
// momentum = its label) or population.
QString writeEvalCsv(const History& history, const QStringList& bankLabels, const QString& path);
// step,loss,accuracy,lr
QString writeTrainCsv(const History& history, const QString& path);

} // namespace bnlab
