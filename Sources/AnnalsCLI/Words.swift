/// Counts and ranges as a reader expects them: "1 source", "2 sources", "2024-12-26" rather than
/// "2024-12-26 – 2024-12-26".
enum Words {
    /// `n` and the noun, singular for exactly one (`plural` defaults to the noun with an "s").
    static func count(_ n: some BinaryInteger, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }

    /// A date range, or the one date when both ends are the same (empty ends are left out).
    static func range(_ from: String?, _ to: String?) -> String {
        let a = from ?? ""
        let b = to ?? ""
        if a == b || b.isEmpty { return a }
        if a.isEmpty { return b }
        return "\(a) – \(b)"
    }
}
