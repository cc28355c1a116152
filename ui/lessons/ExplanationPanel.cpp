#include "ExplanationPanel.h"

#include <QEvent>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace bnlab {

namespace {
// Written for students: the notation of the BN paper, Unicode for the symbols, one idea per
// paragraph. "β" alone always means the Keras BN momentum here; the paper's learned shift is
// written β_shift so the two cannot be confused.
const char* Html = R"(
<h2>Running statistics in BatchNorm</h2>

<h3>1. Training: batch statistics</h3>
<p>For each feature x and each mini-batch B of <i>m</i> samples, BN normalizes with the
batch's own mean and (biased) variance:</p>
<p class="f">μ<sub>B</sub> = (1/<i>m</i>) Σ<sub><i>i</i></sub> <i>x<sub>i</sub></i></p>
<p class="f">σ²<sub>B</sub> = (1/<i>m</i>) Σ<sub><i>i</i></sub> (<i>x<sub>i</sub></i> − μ<sub>B</sub>)²</p>
<p class="f"><i>x̂<sub>i</sub></i> = (<i>x<sub>i</sub></i> − μ<sub>B</sub>) / √(σ²<sub>B</sub> + ε)</p>
<p class="f"><i>y<sub>i</sub></i> = γ·<i>x̂<sub>i</sub></i> + β<sub>shift</sub></p>
<p>Training never reads the running statistics below — so every momentum can be replayed
from the recorded batch statistics without retraining. That is what the slider does.</p>

<h3>2. Inference: running averages, two conventions</h3>
<p><b>Keras / TensorFlow / Flax</b> — BN momentum β, default 0.99:</p>
<p class="f">moving = β·moving + (1 − β)·batch</p>
<p>with the biased batch variance σ²<sub>B</sub>.</p>
<p><b>PyTorch</b> — BN momentum α, default 0.1:</p>
<p class="f">running = (1 − α)·running + α·batch</p>
<p>with the unbiased batch variance <i>m</i>/(<i>m</i>−1)·σ²<sub>B</sub>.</p>
<p>Both start at mean 0, variance 1.</p>
<p>Both are the same exponential moving average (EMA) when <b>α = 1 − β</b>:
Keras β = 0.99 ⇔ PyTorch α = 0.01. The slider shows both numbers.</p>

<h3>3. The averaging window</h3>
<p>A batch seen <i>k</i> steps ago weighs (1 − β)·β<sup><i>k</i></sup>: the EMA effectively
averages the last</p>
<p class="f">window = 1 / (1 − β) = 1 / α &nbsp;steps</p>
<p>(β = 0.9 → 10 steps, 0.99 → 100, 0.999 → 1000). The starting value 0/1 still weighs
β<sup><i>t</i></sup> after <i>t</i> steps.</p>
<ul>
<li><b>High β (small α): lag.</b> Little noise, but the estimate trails behind while the
weights — and with them the true statistics — change.</li>
<li><b>Low β (large α): noise.</b> Follows quickly, but jitters with every batch; the error
never falls below the batch-to-batch noise.</li>
</ul>
<p>The error plot shows both effects; its dashed vertical lines mark each window.</p>

<h3>4. The paper's answer: Algorithm 2</h3>
<p>Ioffe &amp; Szegedy (2015), <i>Batch Normalization</i>, Algorithm 2, steps 7–12:
after training, freeze the weights and estimate the population statistics directly.</p>
<ol start="7">
<li>N<sup>inf</sup><sub>BN</sub> ← N<sup>tr</sup><sub>BN</sub> &nbsp;(inference network with
frozen parameters)</li>
<li><b>for</b> <i>k</i> = 1 … <i>K</i> <b>do</b> &nbsp;(every BN layer)</li>
<li>&nbsp;&nbsp;(for clarity x ≡ x<sup>(k)</sup>, γ ≡ γ<sup>(k)</sup>, μ<sub>B</sub> ≡
μ<sub>B</sub><sup>(k)</sup>, …)</li>
<li>&nbsp;&nbsp;Process multiple training mini-batches B, each of size <i>m</i>, and average
over them:
<p class="f">E[x] ← E<sub>B</sub>[μ<sub>B</sub>]<br/>
Var[x] ← <b><i>m</i>/(<i>m</i> − 1)</b> · E<sub>B</sub>[σ²<sub>B</sub>]</p></li>
<li>&nbsp;&nbsp;In N<sup>inf</sup><sub>BN</sub>, replace the training-mode transform <i>y</i> = BN(<i>x</i>)
with
<p class="f"><i>y</i> = γ / √(Var[x] + ε) · <i>x</i> + (β<sub>shift</sub> −
γ·E[x] / √(Var[x] + ε))</p></li>
<li><b>end for</b></li>
</ol>
<p>The <i>m</i>/(<i>m</i>−1) factor makes the average of biased batch variances an unbiased
estimate of the population variance. The plots mark this estimate as
<b>PreciseBN</b> (open diamonds), computed from a few batches at every population step.</p>

<h3>5. Two different momenta</h3>
<p><b>BN momentum</b> (this slider) only decides how the running statistics average the
batches. <b>SGD momentum</b> is the optimizer's velocity (v ← μ·v + g) and changes the
training itself. They share a word, nothing else.</p>

<h3>Reading the plots</h3>
<ul>
<li><b>Grey dots</b>: each step's batch statistic.</li>
<li><b>Thick black line</b>: the exact population statistic (all training data, current
weights).</li>
<li><b>Thick vermillion line</b>: the slider's EMA; thinner coloured lines: compared momenta.</li>
<li><b>Accuracy</b>: validation accuracy with batch statistics, with the slider's EMA, and
with the exact population statistics.</li>
</ul>
)";
} // namespace

ExplanationPanel::ExplanationPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("explanationPanel"));
    text_ = new QTextBrowser(this);
    text_->setObjectName(QStringLiteral("explanationText"));
    text_->setOpenExternalLinks(true);
    text_->setToolTip(tr("The formulas behind the plots: both conventions and the paper's "
                         "Algorithm 2."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(text_);
    render();
}

void ExplanationPanel::setPresentationScale(double scale) {
    scale_ = scale;
    render();
}

QString ExplanationPanel::html() const {
    return QString::fromUtf8(Html);
}

void ExplanationPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        render();
    QWidget::changeEvent(event);
}

void ExplanationPanel::render() {
    QFont font = this->font();
    font.setPointSizeF(std::max(11.0, QFont().pointSizeF() * 1.1) * scale_);
    text_->document()->setDefaultFont(font);
    // Formulas set apart in a serif face; text colours come from the palette (light or dark).
    text_->document()->setDefaultStyleSheet(
        QStringLiteral("p.f { font-family: 'DejaVu Serif', 'Times New Roman', serif;"
                       "  margin-left: 18px; font-size: large; }"
                       "h2 { margin-bottom: 4px; } h3 { margin-top: 14px; margin-bottom: 2px; }"
                       "th { background-color: #0072B2; color: white; } td { padding: 4px; }"));
    const int position = text_->verticalScrollBar() ? text_->verticalScrollBar()->value() : 0;
    text_->setHtml(html());
    if (text_->verticalScrollBar())
        text_->verticalScrollBar()->setValue(position);
}

} // namespace bnlab
