import Annals
import AnnalsCore
import Foundation

/// A refusal of an event given with flags, said in the words of the flags: the field path of
/// the JSON form (`sources[1].quote`) becomes the flag (`--quote (source 2)`) and the fix speaks
/// of flags, not JSON fields.
enum FlagWording {
    /// A refusal of the JSON form (AnnalsCore's, not the argument parser's `ValidationError`).
    typealias Refusal = ValidationError

    /// The flag of each field, by the last part of its path (`ban.authority`, or `quote`).
    static let flags: [String: String] = [
        "title": "--title", "summary": "--summary", "occurred": "--occurred", "certainty": "--certainty",
        "actors": "--actor", "claims": "--claim", "statement": "--statement", "sources": "--source", "url": "--source",
        "publisher": "--publisher", "sources.title": "--source-title", "published": "--published", "quote": "--quote",
        "entity.id": "--id", "entity.name": "--name", "entity.aliases": "--alias", "release.product": "--product",
        "release.version": "--version", "ban.id": "--ban-id", "ban.authority": "--authority", "ban.targets": "--target",
        "ban.items": "--item", "ban.effective": "--effective", "lifts.ban": "--lifts", "lifts.scope": "--scope",
        "lifts.effective": "--effective", "assessment.claim": "--assess", "assessment.status": "--status",
        "assessment.note": "--note", "amends.event": "--amends", "amends.reason": "--reason", "amends.set": "--set",
    ]

    /// What to give for a missing flag.
    static let examples: [String: String] = [
        "--title": "--title TEXT", "--occurred": "--occurred YYYY-MM-DD (or YYYY, YYYY-MM, or a UTC timestamp)",
        "--source": "--source URL (with --publisher NAME)", "--actor": "--actor ENTITY=ROLE",
        "--claim": "--claim CLAIM=STANCE",
    ]

    /// `e` reworded for the flag form.
    static func reworded(_ e: ValidationError) -> FlagInputError {
        guard let flag = flag(for: e.field) else { return FlagInputError(flag: e.field, error: e, fix: e.fix) }
        let name = String(flag.prefix { $0 != " " })
        var fix = e.fix
        if e.problem.contains("required field is missing") {
            fix = "give " + (examples[name] ?? "\(name) VALUE")
        } else {
            fix = fix.replacingOccurrences(of: "leave the field out", with: "leave \(name) out")
            if e.field.hasPrefix("sources[") { fix += " (give \(name) - for a source without one)" }
            for (key, other) in flags where !key.contains(".") {
                fix = fix.replacingOccurrences(of: "\"\(key)\"", with: other)
                fix = fix.replacingOccurrences(of: "'\(key)'", with: other)
            }
        }
        return FlagInputError(flag: flag, error: e, fix: fix)
    }

    /// The flag a field path stands for: `sources[1].quote` → `--quote (source 2)`,
    /// `amends.set.title` → `--set title=…`, `actors[0].entity` → `--actor (the 1st)`.
    static func flag(for field: String) -> String? {
        let parts = field.split(separator: ".").map(String.init)
        guard let first = parts.first else { return nil }
        let head = String(first.prefix { $0 != "[" })
        let index = first.firstIndex(of: "[").flatMap { Int(first[first.index(after: $0)...].dropLast()) }
        if head == "amends" && parts.count >= 3 && parts[1] == "set" { return "--set \(parts[2])=…" }
        let keys = parts.count >= 2 ? ["\(head).\(parts[1].prefix { $0 != "[" })", parts[1], head] : [head]
        guard let flag = keys.lazy.compactMap({ flags[$0] }).first else { return nil }
        guard let index else { return flag }
        return head == "sources" ? "\(flag) (source \(index + 1))" : "\(flag) (the \(ordinal(index + 1)))"
    }

    private static func ordinal(_ n: Int) -> String {
        let suffix =
            (11...13).contains(n % 100) ? "th" : (n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th")
        return "\(n)\(suffix)"
    }
}

/// An event given with flags that was refused, named by its flag.
struct FlagInputError: AnnalsFailure {
    var flag: String
    var error: ValidationError
    var fix: String

    var description: String {
        "\(flag)" + (error.value.map { " = \($0)" } ?? "") + ": \(error.problem). Fix: \(fix)"
    }
    var status: ExitStatus { .badInput }
}
