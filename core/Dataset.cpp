#include "Dataset.h"

#include "Errors.h"
#include "Limits.h"
#include "TextEscape.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <numeric>
#include <sstream>
#include <string_view>
#include <system_error>

namespace bnlab {

namespace {

// Shortest round-trip text; locale-independent, unlike iostreams and printf.
std::string num(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

void checkSamples(int samples, int classes) {
    if (classes < 2)
        throw ConfigError("classes " + std::to_string(classes) + ": need at least 2 classes");
    if (samples < 2)
        throw ConfigError("samples " + std::to_string(samples) + ": need at least 2 samples");
    if (samples < classes)
        throw ConfigError("samples " + std::to_string(samples) + " with " +
                          std::to_string(classes) + " classes: need at least one sample per class");
}

void checkNoise(double noise) {
    if (!(noise >= 0.0) || !std::isfinite(noise)) // also rejects NaN
        throw ConfigError("noise " + num(noise) + ": must be a finite number, 0 or more");
}

// Class c gets samples/classes points, the first samples%classes classes one more.
int classShare(int samples, int classes, int c) {
    return samples / classes + (c < samples % classes ? 1 : 0);
}

// numpy.linspace(lo, hi, n)[i]; a single point sits at lo, as in numpy.
double linspace(double lo, double hi, int n, int i) {
    return n == 1 ? lo : lo + (hi - lo) * double(i) / double(n - 1);
}

// Points come out grouped by class; a permutation interleaves them so that any prefix
// (and any mini-batch) holds a mix of classes.
void shuffleSamples(Dataset& d, Rng& rng) {
    std::vector<Eigen::Index> perm(std::size_t(d.size()));
    std::iota(perm.begin(), perm.end(), Eigen::Index(0));
    rng.shuffle(perm);
    Eigen::MatrixXd x(d.x.rows(), d.x.cols());
    std::vector<int> y(d.y.size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
        x.row(Eigen::Index(i)) = d.x.row(perm[i]);
        y[i] = d.y[std::size_t(perm[i])];
    }
    d.x = std::move(x);
    d.y = std::move(y);
}

Dataset empty2d(const char* name, int samples, int classes) {
    Dataset d;
    d.name = name;
    d.x.resize(samples, 2);
    d.y.resize(std::size_t(samples));
    d.classes = classes;
    for (int c = 0; c < classes; ++c)
        d.labelValues.push_back(c);
    return d;
}

} // namespace

std::vector<int> Dataset::classCounts() const {
    std::vector<int> counts(std::size_t(std::max(classes, 0)), 0);
    for (int label : y)
        if (label >= 0 && label < classes) // out-of-range labels would be a bug elsewhere
            ++counts[std::size_t(label)];
    return counts;
}

Dataset makeBlobs(int samples, int classes, double noise, Rng& rng) {
    checkSamples(samples, classes);
    checkNoise(noise);
    Dataset d = empty2d("blobs", samples, classes);
    Eigen::Index i = 0;
    for (int c = 0; c < classes; ++c) {
        const double angle = 2.0 * std::numbers::pi * c / classes;
        const double cx = 3.0 * std::cos(angle), cy = 3.0 * std::sin(angle);
        for (int k = 0, n = classShare(samples, classes, c); k < n; ++k, ++i) {
            d.x(i, 0) = cx + noise * rng.normal();
            d.x(i, 1) = cy + noise * rng.normal();
            d.y[std::size_t(i)] = c;
        }
    }
    shuffleSamples(d, rng);
    return d;
}

Dataset makeMoons(int samples, double noise, Rng& rng) {
    checkSamples(samples, 2);
    checkNoise(noise);
    Dataset d = empty2d("moons", samples, 2);
    // As sklearn.datasets.make_moons, except that class 0 takes the odd sample (sklearn gives
    // it to class 1) to follow the rule shared by all generators here.
    Eigen::Index i = 0;
    for (int c = 0; c < 2; ++c) {
        const int n = classShare(samples, 2, c);
        for (int k = 0; k < n; ++k, ++i) {
            const double t = linspace(0.0, std::numbers::pi, n, k);
            d.x(i, 0) = c == 0 ? std::cos(t) : 1.0 - std::cos(t);
            d.x(i, 1) = c == 0 ? std::sin(t) : 0.5 - std::sin(t);
            d.y[std::size_t(i)] = c;
        }
    }
    for (Eigen::Index r = 0; r < d.x.rows(); ++r)
        for (Eigen::Index col = 0; col < 2; ++col)
            d.x(r, col) += noise * rng.normal();
    shuffleSamples(d, rng);
    return d;
}

Dataset makeCircles(int samples, double noise, Rng& rng, double factor) {
    checkSamples(samples, 2);
    checkNoise(noise);
    if (!(factor > 0.0 && factor < 1.0))
        throw ConfigError("factor " + num(factor) +
                          ": the inner circle's radius must be between 0 and 1 (exclusive)");
    Dataset d = empty2d("circles", samples, 2);
    Eigen::Index i = 0;
    for (int c = 0; c < 2; ++c) {
        const double radius = c == 0 ? 1.0 : factor;
        for (int k = 0, n = classShare(samples, 2, c); k < n; ++k, ++i) {
            const double t = rng.uniform(0.0, 2.0 * std::numbers::pi);
            d.x(i, 0) = radius * std::cos(t) + noise * rng.normal();
            d.x(i, 1) = radius * std::sin(t) + noise * rng.normal();
            d.y[std::size_t(i)] = c;
        }
    }
    shuffleSamples(d, rng);
    return d;
}

Dataset makeSpirals(int samples, int classes, double noise, Rng& rng) {
    checkSamples(samples, classes);
    checkNoise(noise);
    Dataset d = empty2d("spirals", samples, classes);
    // CS231n's spiral: radius grows 0 → 1 while the angle sweeps 4 radians per arm.
    Eigen::Index i = 0;
    for (int c = 0; c < classes; ++c) {
        const int n = classShare(samples, classes, c);
        for (int k = 0; k < n; ++k, ++i) {
            const double r = linspace(0.0, 1.0, n, k);
            const double t = c * 4.0 + linspace(0.0, 4.0, n, k) + noise * rng.normal();
            d.x(i, 0) = r * std::sin(t);
            d.x(i, 1) = r * std::cos(t);
            d.y[std::size_t(i)] = c;
        }
    }
    shuffleSamples(d, rng);
    return d;
}

Dataset makeXor(int samples, double noise, Rng& rng) {
    checkSamples(samples, 2);
    checkNoise(noise);
    Dataset d = empty2d("xor", samples, 2);
    Eigen::Index i = 0;
    for (int c = 0; c < 2; ++c) {
        for (int k = 0, n = classShare(samples, 2, c); k < n; ++k, ++i) {
            // Drawing per class keeps the classes exactly balanced; flipping x1's sign moves a
            // point into the class's quadrants and keeps it uniform there.
            double x0, x1;
            do {
                x0 = rng.uniform(-1.0, 1.0);
                x1 = rng.uniform(-1.0, 1.0);
            } while (c == 0 && (x0 == 0.0 || x1 == 0.0)); // class 0 needs x0·x1 > 0 strictly
            if ((x0 * x1 > 0.0) != (c == 0))
                x1 = -x1;
            d.x(i, 0) = x0;
            d.x(i, 1) = x1;
            d.y[std::size_t(i)] = c;
        }
    }
    for (Eigen::Index r = 0; r < d.x.rows(); ++r)
        for (Eigen::Index col = 0; col < 2; ++col)
            d.x(r, col) += noise * rng.normal();
    shuffleSamples(d, rng);
    return d;
}

// ---------------------------------------------------------------------------------------- CSV

namespace {

std::string_view trim(std::string_view s) {
    const auto ws = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v'; };
    while (!s.empty() && ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && ws(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitCells(std::string_view line) {
    std::vector<std::string_view> cells;
    for (;;) {
        const auto comma = line.find(',');
        cells.push_back(trim(line.substr(0, comma)));
        if (comma == std::string_view::npos)
            return cells;
        line.remove_prefix(comma + 1);
    }
}

enum class Parse { Ok, Empty, NotANumber, OutOfRange };

// from_chars ignores the locale (a German locale would make strtod stop at "1.5"). It accepts
// "nan" and "inf", so callers check finiteness themselves.
Parse parseNumber(std::string_view s, double& value) {
    if (s.empty())
        return Parse::Empty;
    if (s.size() > 1 && s.front() == '+' && s[1] != '-' && s[1] != '+')
        s.remove_prefix(1); // from_chars rejects an explicit plus sign
    const auto r = std::from_chars(s.data(), s.data() + s.size(), value);
    if (r.ptr != s.data() + s.size() || r.ec == std::errc::invalid_argument)
        return Parse::NotANumber;
    if (r.ec == std::errc::result_out_of_range)
        return Parse::OutOfRange;
    return Parse::Ok;
}

// Cells are quoted back to the user; a runaway cell (a binary file, a missing newline)
// should not flood the message.
std::string quoted(std::string_view cell) {
    constexpr std::size_t maxShown = 40;
    if (cell.size() <= maxShown)
        return "'" + escapeControlCharacters(cell) + "'";
    return "'" + escapeControlCharacters(cell.substr(0, maxShown)) + "...'";
}

} // namespace

Dataset parseCsv(std::istream& in, const std::string& rawDisplayName) {
    const std::string displayName = escapeControlCharacters(rawDisplayName);
    const auto fail = [&](long line, const std::string& problem) -> InputError {
        return InputError(displayName + ", line " + std::to_string(line) + ": " + problem);
    };
    const auto failFile = [&](const std::string& problem) -> InputError {
        return InputError(displayName + ": " + problem);
    };

    std::size_t columns = 0; // 0 until the first non-blank line fixes it
    long firstLine = 0;
    bool sawHeader = false;
    std::vector<double> features; // row-major
    std::vector<int> rawLabels;

    std::string text;
    long lineNo = 0;
    while (std::getline(in, text)) {
        ++lineNo;
        std::string_view line = text;
        if (lineNo == 1 && line.starts_with("\xEF\xBB\xBF"))
            line.remove_prefix(3); // UTF-8 byte order mark, as written by spreadsheet programs
        if (trim(line).empty())
            continue;
        const auto cells = splitCells(line);
        if (long(cells.size()) > limits::MaxCsvColumns)
            throw fail(lineNo, std::to_string(cells.size()) + " cells; at most " +
                                   std::to_string(limits::MaxCsvColumns) + " columns are read");

        if (columns == 0) {
            columns = cells.size();
            firstLine = lineNo;
            if (columns < 2)
                throw fail(lineNo, "only 1 column found; at least 2 columns are needed (numeric "
                                   "features, then the class label), separated by commas");
            // An empty cell alone does not make a header: "1,,2" is a data row with a hole,
            // reported as such rather than silently dropped.
            sawHeader = std::any_of(cells.begin(), cells.end(), [](std::string_view c) {
                double v;
                return !c.empty() && parseNumber(c, v) == Parse::NotANumber;
            });
            if (sawHeader)
                continue;
        }

        if (long(rawLabels.size()) >= limits::MaxCsvRows)
            throw fail(lineNo, "more than " + std::to_string(limits::MaxCsvRows) +
                                   " data rows; BN Lab reads at most that many samples");
        if (cells.size() != columns)
            throw fail(lineNo, "expected " + std::to_string(columns) + " cells like line " +
                                   std::to_string(firstLine) + ", found " +
                                   std::to_string(cells.size()));

        for (std::size_t c = 0; c < columns; ++c) {
            const std::string col = "column " + std::to_string(c + 1);
            const bool isLabel = c + 1 == columns;
            double v = 0.0;
            const Parse p = parseNumber(cells[c], v);
            if (isLabel) {
                const std::string where = col + " (the class label)";
                if (p == Parse::Empty)
                    throw fail(lineNo, where + " is empty");
                // "3.0" is accepted: spreadsheets and numpy often write integral labels so.
                const bool integral = p == Parse::Ok && std::isfinite(v) && v == std::floor(v);
                if (p != Parse::OutOfRange && !integral)
                    throw fail(lineNo, where + ": " + quoted(cells[c]) + " is not an integer");
                if (p == Parse::OutOfRange || std::fabs(v) >= 2147483648.0) // stored as int
                    throw fail(lineNo,
                               where + ": " + quoted(cells[c]) + " is too large for a class label");
                rawLabels.push_back(int(v));
            } else {
                if (p == Parse::Empty)
                    throw fail(lineNo, col + " is empty");
                if (p == Parse::NotANumber)
                    throw fail(lineNo, col + ": " + quoted(cells[c]) + " is not a number");
                if (p == Parse::OutOfRange)
                    throw fail(lineNo, col + ": " + quoted(cells[c]) +
                                           " is out of the range of double-precision numbers");
                if (!std::isfinite(v))
                    throw fail(lineNo, col + ": " + quoted(cells[c]) + " is not a finite number");
                if (std::fabs(v) > limits::MaxFeatureMagnitude)
                    throw fail(lineNo, col + ": " + quoted(cells[c]) +
                                           " is too large to normalize: the data, not the "
                                           "learning rate, is the problem (BN Lab reads "
                                           "features up to " +
                                           formatLimitNumber(limits::MaxFeatureMagnitude) +
                                           " in magnitude; rescale this column)");
                features.push_back(v);
            }
        }
    }
    if (in.bad())
        throw failFile("read error after line " + std::to_string(lineNo));

    if (columns == 0)
        throw failFile("the file is empty");
    if (rawLabels.empty())
        throw failFile("header only, no data rows");

    std::map<int, int> labelIndex; // ordered: distinct labels map to 0 … k-1 increasingly
    for (int l : rawLabels)
        labelIndex.emplace(l, 0);
    if (labelIndex.size() < 2)
        throw failFile("all rows have class label " + std::to_string(rawLabels.front()) +
                       "; at least two classes are needed");
    int next = 0;
    for (auto& [raw, index] : labelIndex)
        index = next++;

    Dataset d;
    d.name = displayName;
    d.classes = next;
    for (const auto& [raw, index] : labelIndex)
        d.labelValues.push_back(raw);
    const auto rows = Eigen::Index(rawLabels.size());
    const auto cols = Eigen::Index(columns - 1);
    d.x = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        features.data(), rows, cols);
    d.y.reserve(rawLabels.size());
    for (int l : rawLabels)
        d.y.push_back(labelIndex.at(l));
    return d;
}

Dataset loadCsv(const std::string& path) {
    const std::filesystem::path p(path);
    const std::string shown = escapeControlCharacters(path);
    std::error_code ec;
    // status() follows symbolic links: a link to /dev/zero is a character device here.
    const auto status = std::filesystem::status(p, ec);
    if (std::filesystem::is_directory(status))
        throw InputError(shown + ": cannot open the file (it is a directory)");
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw InputError(shown + ": not a regular file (a device, pipe or socket); give a CSV "
                                 "file");
    errno = 0;
    std::ifstream in(p, std::ios::binary); // binary: we strip '\r' ourselves
    if (!in) {
        const std::string reason =
            errno != 0 ? std::generic_category().message(errno) : std::string("unknown reason");
        throw InputError(shown + ": cannot open the file (" + reason + ")");
    }
    const auto size = std::filesystem::file_size(p, ec);
    if (!ec && size > limits::MaxCsvBytes)
        throw InputError(shown + ": the file has " + std::to_string(size >> 20) +
                         " MiB; BN Lab reads CSV files up to " +
                         std::to_string(limits::MaxCsvBytes >> 20) + " MiB");
    // The size can change after the check (a growing file): read at most the limit plus one
    // byte and refuse if that byte exists.
    std::string text(std::size_t(limits::MaxCsvBytes) + 1, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    if (in.bad())
        throw InputError(shown + ": read error");
    text.resize(std::size_t(in.gcount()));
    if (text.size() > limits::MaxCsvBytes)
        throw InputError(shown + ": the file is larger than " +
                         std::to_string(limits::MaxCsvBytes >> 20) + " MiB, the most BN Lab reads");
    std::istringstream buffer(std::move(text));
    Dataset d = parseCsv(buffer, p.filename().string());
    d.name = p.stem().string();
    d.source = path;
    return d;
}

std::string describeLabels(const std::vector<long long>& labels) {
    constexpr std::size_t maxShown = 12;
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size() && i < maxShown; ++i)
        out += (i ? ", " : "") + std::to_string(labels[i]);
    if (labels.size() > maxShown)
        out += ", … (" + std::to_string(labels.size()) + " labels)";
    return out + "}";
}

// ------------------------------------------------------------------------------------ Split

Split splitTrainValidation(const Dataset& all, double validationFraction, Rng& rng) {
    if (!(validationFraction > 0.0 && validationFraction < 1.0))
        throw ConfigError("validation fraction " + num(validationFraction) +
                          ": must be between 0 and 1 (exclusive)");
    if (all.y.size() != std::size_t(all.size()))
        throw ConfigError("dataset '" + all.name + "' has " + std::to_string(all.size()) +
                          " rows but " + std::to_string(all.y.size()) + " labels");

    std::vector<std::vector<Eigen::Index>> byClass(std::size_t(std::max(all.classes, 0)));
    for (std::size_t i = 0; i < all.y.size(); ++i) {
        const int label = all.y[i];
        if (label < 0 || label >= all.classes)
            throw ConfigError("dataset '" + all.name + "': label " + std::to_string(label) +
                              " is outside 0.." + std::to_string(all.classes - 1));
        byClass[std::size_t(label)].push_back(Eigen::Index(i));
    }

    std::vector<Eigen::Index> train, validation;
    for (auto& indices : byClass) {
        rng.shuffle(indices);
        const auto n = indices.size();
        auto nVal = std::size_t(std::lround(double(n) * validationFraction));
        // Every class with two or more samples shows up on both sides.
        if (n >= 2)
            nVal = std::clamp<std::size_t>(nVal, 1, n - 1);
        validation.insert(validation.end(), indices.begin(),
                          indices.begin() + std::ptrdiff_t(nVal));
        train.insert(train.end(), indices.begin() + std::ptrdiff_t(nVal), indices.end());
    }
    if (validation.empty() || train.empty()) {
        const std::string where = (all.source.empty() ? "dataset '" + all.name + "'"
                                                      : escapeControlCharacters(all.source)) +
                                  ": ";
        // The usual cause: classes of one sample each, which cannot be on both sides.
        const bool singletons =
            std::all_of(byClass.begin(), byClass.end(),
                        [](const auto& members) { return members.size() <= 1; });
        const std::string cause =
            singletons ? ": each of its " + std::to_string(all.classes) +
                             " classes has a single sample, which cannot be on both sides; give "
                             "at least 2 samples per class, or a separate validation file"
                       : std::string();
        throw ConfigError(where + "validation fraction " + num(validationFraction) + " with " +
                          std::to_string(all.size()) + " samples leaves the " +
                          (validation.empty() ? "validation" : "training") + " set empty" + cause);
    }
    rng.shuffle(train);
    rng.shuffle(validation);

    // Both parts keep the source's name (it names the data, not the part) and its class
    // count, even if a tiny class ends up on one side only, so labels mean the same thing.
    const auto take = [&](const std::vector<Eigen::Index>& rows) {
        Dataset d;
        d.name = all.name;
        d.classes = all.classes;
        d.labelValues = all.labelValues;
        d.source = all.source;
        d.x.resize(Eigen::Index(rows.size()), all.features());
        d.y.reserve(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            d.x.row(Eigen::Index(i)) = all.x.row(rows[i]);
            d.y.push_back(all.y[std::size_t(rows[i])]);
        }
        return d;
    };
    return Split{take(train), take(validation)};
}

} // namespace bnlab
