// The kiosk's line editor (firmware/apps/kiosk/line_editor.h) on its own: bytes in, what
// each key did and the line out.
#include <string>
#include <vector>

#include "firmware/apps/kiosk/line_editor.h"

#include <CppUTest/TestHarness.h>

namespace {

using firmware::apps::kiosk::FinishedLine;
using firmware::apps::kiosk::KeyEffect;
using firmware::apps::kiosk::KioskLineEditor;

constexpr size_t kLimit = KioskLineEditor::kCapacity;

}  // namespace

TEST_GROUP(KioskLineEditor) {
    KioskLineEditor editor;
    char taken[KioskLineEditor::kCapacity] = {};

    // The effects of typing `bytes`, one per byte.
    std::vector<KeyEffect> type(const std::string& bytes) {
        std::vector<KeyEffect> effects;
        for (const char c : bytes)
            effects.push_back(editor.key(static_cast<uint8_t>(c)));
        return effects;
    }
    std::string text() const {
        return std::string(editor.text());
    }
    FinishedLine take() {
        return editor.take(hal::CharSpan(taken));
    }
};

TEST(KioskLineEditor, PrintableBytesAndUtf8AreInsertedOneByOne) {
    const std::vector<KeyEffect> effects = type("ab\xC3\xA9");
    CHECK_EQUAL(4U, effects.size());
    for (const KeyEffect e : effects)
        CHECK_TRUE(e == KeyEffect::kInserted);
    STRCMP_EQUAL("ab\xC3\xA9", text().c_str());
}

TEST(KioskLineEditor, TabIsTypedAsASpace) {
    type("a\tb");
    STRCMP_EQUAL("a b", text().c_str());
}

TEST(KioskLineEditor, OtherControlBytesAreIgnored) {
    CHECK_TRUE(type("\x01\x02\x1f\x07")[0] == KeyEffect::kNone);
    CHECK_EQUAL(0U, editor.text().size());
}

TEST(KioskLineEditor, EnterIsCrLfOrCrLfAsOne) {
    CHECK_TRUE(editor.key('\r') == KeyEffect::kEnter);
    CHECK_TRUE(editor.key('\n') == KeyEffect::kNone);  // the LF of CR LF
    CHECK_TRUE(editor.key('\n') == KeyEffect::kEnter);
    CHECK_TRUE(editor.key('\r') == KeyEffect::kEnter);
    CHECK_TRUE(editor.key('x') == KeyEffect::kInserted);
    CHECK_TRUE(editor.key('\n') == KeyEffect::kEnter);
}

TEST(KioskLineEditor, BackspaceAndDeleteEraseOneWholeCharacter) {
    type("caf\xE2\x82\xAC");
    CHECK_TRUE(editor.key(0x7f) == KeyEffect::kErased);
    STRCMP_EQUAL("caf", text().c_str());
    CHECK_TRUE(editor.key(0x08) == KeyEffect::kErased);
    STRCMP_EQUAL("ca", text().c_str());
}

TEST(KioskLineEditor, BackspaceOnAnEmptyLineDoesNothing) {
    CHECK_TRUE(editor.key(0x7f) == KeyEffect::kNone);
}

TEST(KioskLineEditor, BackspaceOverStrayContinuationBytesEmptiesTheLine) {
    type("\x80\x80");
    CHECK_TRUE(editor.key(0x7f) == KeyEffect::kErased);
    CHECK_EQUAL(0U, editor.text().size());
}

TEST(KioskLineEditor, CtrlUClearsTheLine) {
    type("wrong");
    CHECK_TRUE(editor.key(0x15) == KeyEffect::kCleared);
    CHECK_EQUAL(0U, editor.text().size());
}

TEST(KioskLineEditor, CtrlDIsTheEndOfInputOnlyOnAnEmptyLine) {
    type("x");
    CHECK_TRUE(editor.key(0x04) == KeyEffect::kNone);
    type("\x7f");
    CHECK_TRUE(editor.key(0x04) == KeyEffect::kEndOfInput);
}

TEST(KioskLineEditor, EscapeSequencesAreSkippedWhole) {
    // Cursor up, Ctrl-right (with parameters), F1 (ESC O P), and ESC x: not a sequence,
    // so the x goes with the escape.
    const std::vector<KeyEffect> effects = type("\x1b[A\x1b[1;5C\x1bOP\x1bx");
    for (const KeyEffect e : effects)
        CHECK_TRUE(e == KeyEffect::kNone);
    type("c");
    STRCMP_EQUAL("c", text().c_str());
}

TEST(KioskLineEditor, TakeTrimsBlanksAndStartsAnEmptyLine) {
    type(" \t printer jammed \t");
    const FinishedLine line = take();
    STRCMP_EQUAL("printer jammed", std::string(line.text).c_str());
    CHECK_FALSE(line.overflowed);
    CHECK_EQUAL(0U, editor.text().size());
    CHECK_TRUE(line.text.data() == taken);  // a copy: the editor's line is free again
}

TEST(KioskLineEditor, ABlankLineIsTakenEmpty) {
    type("   ");
    CHECK_EQUAL(0U, take().text.size());
}

TEST(KioskLineEditor, BytesPastTheLimitAreDroppedAndTheFirstSaysSo) {
    const std::vector<KeyEffect> effects = type(std::string(kLimit + 3, 'x'));
    CHECK_TRUE(effects[kLimit - 1] == KeyEffect::kInserted);
    CHECK_TRUE(effects[kLimit] == KeyEffect::kFull);
    CHECK_TRUE(effects[kLimit + 1] == KeyEffect::kNone);
    CHECK_TRUE(effects[kLimit + 2] == KeyEffect::kNone);
    CHECK_EQUAL(kLimit, editor.text().size());
    const FinishedLine line = take();
    CHECK_TRUE(line.overflowed);
    CHECK_EQUAL(kLimit, line.text.size());
    // The next line starts afresh.
    type("y");
    CHECK_FALSE(take().overflowed);
}

TEST(KioskLineEditor, CtrlUForgetsAnOverflow) {
    type(std::string(kLimit + 1, 'x'));
    type(
        "\x15"
        "ok");
    CHECK_FALSE(take().overflowed);
}

TEST(KioskLineEditor, AnOverflowedLineIsTakenWithoutACharacterTornAtItsEnd) {
    struct Case {
        size_t ascii;
        std::string tail;
        size_t kept;
    };
    const Case cases[] = {
        {kLimit - 1, "\xC3\xA9", kLimit - 1},      // é torn after its lead byte
        {kLimit - 2, "\xE2\x82\xAC", kLimit - 2},  // € torn after two bytes
        {kLimit - 3, "\xF0\x9F\x98\x80", kLimit - 3},
        {kLimit - 2, "\xC3\xA9\xC3\xA9", kLimit},      // the limit falls between two é
        {0, std::string(kLimit + 1, '\x80'), kLimit},  // no lead byte at all: kept as is
    };
    for (const Case& c : cases) {
        KioskLineEditor fresh;
        for (const char b : std::string(c.ascii, 'x') + c.tail + "yyy")
            (void)fresh.key(static_cast<uint8_t>(b));
        CHECK_EQUAL(c.kept, fresh.take(hal::CharSpan(taken)).text.size());
    }
}

TEST(KioskLineEditor, ARestoredLineIsEditedFurther) {
    editor.restore("kept");
    type("!");
    STRCMP_EQUAL("kept!", text().c_str());
    const FinishedLine line = take();
    STRCMP_EQUAL("kept!", std::string(line.text).c_str());
}

TEST(KioskLineEditor, RestoreKeepsAtMostTheLimit) {
    const std::string longer(kLimit + 5, 'z');
    editor.restore(longer);
    CHECK_EQUAL(kLimit, editor.text().size());
}

TEST(KioskLineEditor, TrimBlanksLeavesOtherWhitespace) {
    STRCMP_EQUAL("a b", std::string(firmware::apps::kiosk::trim_blanks(" \ta b\t ")).c_str());
    STRCMP_EQUAL("\na\n", std::string(firmware::apps::kiosk::trim_blanks(" \na\n ")).c_str());
    CHECK_EQUAL(0U, firmware::apps::kiosk::trim_blanks(" \t ").size());
}
