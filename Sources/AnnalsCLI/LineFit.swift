/// Fits text output into a width: the widest part is cut first (with an ellipsis), then the
/// next widest, each down to a floor; with no width (`--wide`, or output that is not a terminal
/// and no `COLUMNS`), nothing is cut.
enum LineFit {
    /// The widths of parts whose natural widths are `widths`, after taking `excess` columns off,
    /// widest first: none below its floor in `minimums` while that is enough, then down to one
    /// column each (an ellipsis), so the result fits whenever it can.
    static func shrink(_ widths: [Int], minimums: [Int], by excess: Int) -> [Int] {
        let soft = shrink(widths, floors: minimums, by: excess)
        let left = soft.reduce(0, +) - (widths.reduce(0, +) - excess)
        return left > 0 ? shrink(soft, floors: soft.map { min($0, 1) }, by: left) : soft
    }

    private static func shrink(_ widths: [Int], floors minimums: [Int], by excess: Int) -> [Int] {
        var w = widths
        var left = excess
        while left > 0 {
            let shrinkable = w.indices.filter { w[$0] > minimums[$0] }
            guard let i = shrinkable.max(by: { w[$0] < w[$1] }) else { break }
            let next = w.indices.filter { $0 != i }.map { w[$0] }.max() ?? 0
            let floor = max(minimums[i], min(next, w[i] - 1))
            let cut = min(left, w[i] - floor)
            w[i] -= cut
            left -= cut
        }
        return w
    }

    /// `prefix` then `parts` joined by two spaces, the parts cut (widest first, none below
    /// `minimum` columns) so the line takes at most `width` columns.
    static func line(_ prefix: String, _ parts: [String], minimum: Int = 12, width: Int?) -> String {
        guard let width else { return prefix + parts.joined(separator: "  ") }
        let natural = parts.map { DisplayWidth.of($0) }
        let total = DisplayWidth.of(prefix) + natural.reduce(0, +) + 2 * (parts.count - 1)
        guard total > width else { return prefix + parts.joined(separator: "  ") }
        let fitted = shrink(natural, minimums: natural.map { min($0, minimum) }, by: total - width)
        return prefix + zip(parts, fitted).map { DisplayWidth.truncate($0, to: $1) }.joined(separator: "  ")
    }
}
