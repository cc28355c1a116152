#include "TextEscape.h"

namespace bnlab {

std::string escapeControlCharacters(std::string_view text, bool keepNewlines) {
    static constexpr char Hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        const bool control = byte < 0x20 || byte == 0x7F;
        if (!control || (keepNewlines && (ch == '\n' || ch == '\t'))) {
            out += ch;
            continue;
        }
        out += "\\x";
        out += Hex[byte >> 4];
        out += Hex[byte & 0xF];
    }
    return out;
}

} // namespace bnlab
