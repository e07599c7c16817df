import Foundation

/// How Annals treats Unicode in what people type: new events' texts are stored in NFC (so an
/// NFC and an NFD spelling of a title are the same event, with the same id), and characters
/// that are invisible by default (zero-width spaces and joiners, the BOM, tag characters…) are
/// refused in entity names and aliases and ignored when a name is looked up, so two names that
/// look the same are the same name. Records already in the log are never changed.
public enum TextRules {
    /// Whether `scalar` is a Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties).
    public static func isDefaultIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F,
            0x202A...0x202E, 0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF0...0xFFF8,
            0x1BCA0...0x1BCA3, 0x1D173...0x1D17A, 0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    /// `value` with every string in NFC, or nil when it already is (the common, ASCII case).
    public static func normalizedIfNeeded(_ value: JSONValue) -> JSONValue? {
        guard !isNFC(value) else { return nil }
        return normalized(value)
    }

    static func isNFC(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): isNFC(s)
        case .array(let items): items.allSatisfy(isNFC)
        case .object(let object): object.members.allSatisfy { isNFC($0.value) }
        case .null, .bool, .integer: true
        }
    }

    /// Whether `s` is in NFC (ASCII text always is).
    static func isNFC(_ s: String) -> Bool {
        isASCII(s) || s.precomposedStringWithCanonicalMapping.utf8.elementsEqual(s.utf8)
    }

    /// Whether every character of `s` is ASCII.
    static func isASCII(_ s: String) -> Bool { ByteScan.withBytes(s, ByteScan.isASCII) }

    /// Whether `s` is ASCII text without control characters, and not blank: text that passes
    /// every character check.
    static func isPlainText(_ s: String) -> Bool { ByteScan.withBytes(s, ByteScan.isPlainText) }

    /// `value` with every string in Unicode NFC (ASCII strings are left as they are, cheaply).
    public static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s):
            if isASCII(s) { return value }
            return .string(s.precomposedStringWithCanonicalMapping)
        case .array(let items):
            return .array(items.map(normalized))
        case .object(let object):
            return .object(JSONObject(uniqueMembers: object.members.map { ($0.key, normalized($0.value)) }))
        case .null, .bool, .integer:
            return value
        }
    }

    /// Invisible characters that real names need: the zero-width (non-)joiners of Persian, Indic
    /// and emoji spellings, and variation selectors. They are still ignored when names are compared.
    static func isNeededInNames(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0xE0100...0xE01EF: true
        default: false
        }
    }

    /// Refuses an entity name or alias with a character that is invisible by default (a
    /// zero-width space, a word joiner, the BOM, bidi controls, tag characters…).
    static func checkVisible(_ text: String, field: String) throws(ValidationError) {
        guard let bad = text.unicodeScalars.first(where: { isDefaultIgnorable($0) && !isNeededInNames($0) }) else {
            return
        }
        let code = String(bad.value, radix: 16, uppercase: true)
        throw ValidationError(
            field: field, value: text,
            problem:
                "contains the invisible character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code), "
                + "so it would look like another name",
            fix: "remove zero-width and other invisible characters from names and aliases")
    }
}
