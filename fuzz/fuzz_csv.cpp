// Fuzz target: the CSV reader. Any bytes must give a dataset or an InputError, never a crash,
// undefined behaviour or unbounded memory; a dataset must then split or be refused cleanly.
#include "Dataset.h"
#include "Errors.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const bnlab::Dataset d = bnlab::parseCsv(in, "fuzz.csv");
        bnlab::Rng rng(1);
        bnlab::splitTrainValidation(d, 0.2, rng);
    } catch (const bnlab::InputError&) {
    } catch (const bnlab::ConfigError&) {
    }
    return 0;
}
