#pragma once
// The two kinds of failure a user can cause. Both carry a message meant to be shown as is.
#include <stdexcept>
#include <string>

namespace bnlab {

// Bad data: a file that cannot be read or parsed. The message names the file, the line and
// the problem ("digits.csv, line 12: cell 3 'abc' is not a number").
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A configuration value that cannot work ("batch size 1: BatchNorm needs at least 2 samples").
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

} // namespace bnlab
