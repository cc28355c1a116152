#pragma once
// Text from a file is shown to the user with its control characters escaped: an ESC[2K in a
// CSV cell must not rewrite the terminal line that reports it.
#include <string>
#include <string_view>

namespace bnlab {

// Every byte below 0x20 and 0x7F becomes \xNN (\t and \n too, unless `keepNewlines` keeps
// line breaks and tabs, for whole messages). Other bytes, UTF-8 included, are kept.
std::string escapeControlCharacters(std::string_view text, bool keepNewlines = false);

} // namespace bnlab
