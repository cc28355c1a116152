#pragma once
// Momenta in a lesson's text, written once and shown in the view's convention. A lesson writes a
// BN momentum as a placeholder in Keras β (the canonical form: the weight the old value keeps),
// and the text is rendered for whichever convention the view is in:
//
//   {β=0.99}     "β = 0.99" (Keras)        "α = 0.01" (PyTorch)
//   {β}          "β"                        "α"
//   {1/(1−β)}    "1/(1−β)"                  "1/α"        (the averaging window)
//
// `beta` may be written for `β`, and `1/(1-β)` for `1/(1−β)`. Every `{…}` in a lesson text is a
// placeholder; write `&#123;` for a literal brace. See resources/lessons/README.md.
#include "RunningStats.h"

#include <QString>

namespace bnlab {

// The first malformed or unknown placeholder in `text`, described for a message (quoting it),
// or an empty string if every placeholder is well formed.
QString lessonTextProblem(const QString& text);

// `text` with every placeholder written in `convention`. Malformed placeholders are left as they
// are (the lesson reader rejects them before a text gets here).
QString renderLessonText(const QString& text, Convention convention);

} // namespace bnlab
