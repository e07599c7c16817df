import AnnalsCore
import Foundation

/// Writes the static site: one self-contained `index.html` (inline CSS, script, data and SVG).
public enum SiteWriter {
    public static func write(_ data: SiteData, title: String, to dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // JSON inside <script> must not contain "</": "<\/" means the same in JSON.
        let json = String(decoding: CanonicalJSON.encode(data.json), as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        let legend = SiteData.lanes.map { #"<span><i style="background:\#($0.colour)"></i>\#(MonthlyChart.escape($0.name))</span>"# }.joined()
        let html = SiteTemplate.page(title: MonthlyChart.escape(title), dataJSON: json, chart: MonthlyChart.svg(data.months), legend: legend)
        let path = dir + "/index.html"
        let tmp = path + ".tmp-\(getpid())"
        try Data(html.utf8).write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return path
    }
}
