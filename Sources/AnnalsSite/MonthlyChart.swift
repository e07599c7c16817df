/// An SVG bar chart of events per month, stacked by lane, written by hand (no charting library).
enum MonthlyChart {
    /// The chart of `months` (counts by lane key), its bars stacked in the order of `lanes`.
    static func svg(
        _ months: [(month: String, counts: [String: Int])],
        lanes: [(key: String, name: String, colour: String, ink: String)]
    ) -> String {
        guard let first = months.first?.month, let last = months.last?.month else { return "<p>No events.</p>" }
        // Every month from the first to the last, empty ones included.
        var all: [String] = []
        var (y, m) = (Int(first.prefix(4))!, Int(first.suffix(2))!)
        let (ly, lm) = (Int(last.prefix(4))!, Int(last.suffix(2))!)
        while (y, m) <= (ly, lm) {
            all.append("\(y)-\(m < 10 ? "0" : "")\(m)")
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        let counts = Dictionary(uniqueKeysWithValues: months.map { ($0.month, $0.counts) })
        let maxTotal = max(1, months.map { $0.counts.values.reduce(0, +) }.max() ?? 1)
        let barWidth = 10
        let gap = 2
        let height = 160
        let left = 30
        let bottom = 24
        // Room above the top tick's label and right of the last year's label, so no tick is clipped.
        let top = 10
        let width = left + all.count * (barWidth + gap) + 30
        var out =
            #"<svg class="chart" viewBox="0 \#(-top) \#(width) \#(top + height + bottom + 4)" role="img" "#
            + #"aria-labelledby="chart-title"><title id="chart-title">Events per month by type</title>"#
        for tick in stride(from: 0, through: maxTotal, by: max(1, maxTotal / 4)) {
            let ty = height - tick * height / maxTotal
            out +=
                #"<line x1="\#(left)" x2="\#(width)" y1="\#(ty)" y2="\#(ty)" class="grid"/>"#
                + #"<text x="\#(left - 4)" y="\#(ty + 4)" class="tick" text-anchor="end">\#(tick)</text>"#
        }
        for (i, month) in all.enumerated() {
            let x = left + i * (barWidth + gap)
            var top = height
            let c = counts[month] ?? [:]
            for lane in lanes {
                guard let n = c[lane.key], n > 0 else { continue }
                let h = n * height / maxTotal
                top -= h
                out +=
                    #"<rect x="\#(x)" y="\#(top)" width="\#(barWidth)" height="\#(h)" fill="\#(lane.colour)">"#
                    + #"<title>\#(month): \#(n) \#(escape(lane.name.lowercased()))</title></rect>"#
            }
            if month.hasSuffix("-01") || i == 0 {
                out += #"<text x="\#(x)" y="\#(height + 16)" class="tick">\#(month.prefix(4))</text>"#
            }
        }
        return out + "</svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
