#pragma once
// The dashboard's key, shown once above the four plots: the slider's EMA, the compared
// momenta, the population, the batch statistics and PreciseBN look the same on every plot, so
// they are listed here rather than under each plot. Entries flow onto as many rows as the
// width needs; a click switches a series off or on everywhere.
#include "DashboardCurves.h"
#include "Theme.h"

#include <QWidget>
#include <vector>

namespace bnlab {

class MomentumKey : public QWidget {
    Q_OBJECT
  public:
    explicit MomentumKey(QWidget* parent = nullptr);

    void setEntries(std::vector<DashboardCurves::KeyEntry> entries);
    const std::vector<DashboardCurves::KeyEntry>& entries() const { return entries_; }
    QStringList names() const;        // as shown, in order
    QRect entryRect(int index) const; // where an entry is drawn, in widget coordinates
    void applyTheme(const Theme& theme);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  signals:
    void toggled(const QString& seriesKey);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    std::vector<QRect> layOut(int width) const; // one rectangle per entry
    int sampleWidth() const;

    std::vector<DashboardCurves::KeyEntry> entries_;
    Theme theme_;
};

} // namespace bnlab
