#include "hal/crc32.h"

namespace hal {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320u;
constexpr int kNibbleBits = 4;
constexpr uint32_t kNibbleMask = 0xFu;

// One entry per 4-bit value: the register after shifting that nibble out. 16 entries
// (64 bytes of flash) at two lookups per byte: the size/speed middle ground on an MCU.
struct NibbleTable {
    uint32_t entry[16];
};

constexpr NibbleTable make_table() {
    NibbleTable table{};
    for (uint32_t nibble = 0; nibble < 16; ++nibble) {
        uint32_t crc = nibble;
        for (int bit = 0; bit < kNibbleBits; ++bit)
            crc = (crc >> 1) ^ (kPolynomial & (0u - (crc & 1u)));
        table.entry[nibble] = crc;
    }
    return table;
}

constexpr NibbleTable kTable = make_table();

}  // namespace

uint32_t crc32(ConstByteSpan data, uint32_t crc) {
    crc = ~crc;
    for (const uint8_t byte : data) {
        crc ^= byte;
        crc = (crc >> kNibbleBits) ^ kTable.entry[crc & kNibbleMask];
        crc = (crc >> kNibbleBits) ^ kTable.entry[crc & kNibbleMask];
    }
    return ~crc;
}

// A one-bit error at byte j, bit b leaves in the (init 0) register the pattern 1 shifted
// 8 * (length - j) - b times through the CRC's feedback; the loop walks those patterns
// from the last bit of the message backwards.
int32_t crc32_error_bit(uint32_t syndrome, size_t length) {
    if (syndrome == 0 || length > kCrcCorrectableBytes) return kCrcErrorNotOneBit;
    if ((syndrome & (syndrome - 1)) == 0) return kCrcErrorInCrc;
    const size_t bits = length * 8;
    uint32_t pattern = 1;
    for (size_t shifts = 1; shifts <= bits; ++shifts) {
        pattern = (pattern >> 1) ^ (kPolynomial & (0u - (pattern & 1u)));
        if (pattern == syndrome) {
            const size_t bit = (8 - (shifts & 7)) & 7;
            const size_t byte = length - (shifts + bit) / 8;
            return static_cast<int32_t>(byte * 8 + bit);
        }
    }
    return kCrcErrorNotOneBit;
}

CrcCheck crc32_correct(ByteSpan bytes, uint32_t stored) {
    const uint32_t syndrome = crc32(bytes) ^ stored;
    if (syndrome == 0) return CrcCheck::kIntact;
    const int32_t bit = crc32_error_bit(syndrome, bytes.size());
    if (bit == kCrcErrorInCrc) return CrcCheck::kCorrected;
    if (stored == UINT32_MAX || bit < 0) return CrcCheck::kBroken;
    bytes[static_cast<size_t>(bit) / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    return CrcCheck::kCorrected;
}

}  // namespace hal
