// Fuzz target: the lesson reader. Any bytes must give a lesson or an InputError naming the
// file; a lesson that loads must pass the table of limits or be refused with a ConfigError, and
// its memory estimate must be computable.
#include "Errors.h"
#include "Lesson.h"
#include "MemoryBudget.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    try {
        const bnlab::Lesson lesson = bnlab::lessonFromJson(json, QStringLiteral("fuzz.json"));
        bnlab::validateRanges(lesson.config);
        const bnlab::MemoryEstimate e =
            bnlab::estimateRunMemory(lesson.config, {long(lesson.config.data.samples), 1, 64, 10});
        (void)bnlab::stepsWithinBudget(e, lesson.suggestedSteps, std::uint64_t(1) << 30);
    } catch (const bnlab::InputError&) {
    } catch (const bnlab::ConfigError&) {
    }
    return 0;
}
