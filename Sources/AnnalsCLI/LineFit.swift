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

    /// The widest parts (all that tie) are cut together down to the next width or their floor,
    /// so the passes are as many as the distinct widths, not as the columns cut.
    private static func shrink(_ widths: [Int], floors minimums: [Int], by excess: Int) -> [Int] {
        var w = widths
        var left = excess
        while left > 0 {
            let shrinkable = w.indices.filter { w[$0] > minimums[$0] }
            guard let top = shrinkable.map({ w[$0] }).max() else { break }
            let tied = shrinkable.filter { w[$0] == top }
            let lower = w.filter { $0 < top }.max() ?? 0
            let target = max(lower, tied.map { minimums[$0] }.max() ?? 0)
            let each = top - target
            if each * tied.count <= left {
                for i in tied { w[i] = target }
                left -= each * tied.count
            } else {
                for (n, i) in tied.enumerated() { w[i] -= left / tied.count + (n < left % tied.count ? 1 : 0) }
                left = 0
            }
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
