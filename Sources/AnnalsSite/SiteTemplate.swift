/// The page's HTML, CSS and script, kept in `Page/page.html`, `Page/page.css` and `Page/page.js`
/// and compiled into the binary (SwiftPM's `embedInCode`), so the page works offline, from one
/// file, and `annals` needs no resource bundle beside it.
enum SiteTemplate {
    /// The page with its `{{name}}` placeholders filled in: `title`, `description`, `css`, `legend`, `chart`,
    /// `data`, `state` and `script`. Each value is inserted as given, in one pass: text inside a value is
    /// never taken for a placeholder.
    static func page(
        title: String, description: String, dataJSON: String, chart: String, legend: String, state: String
    ) -> String {
        let values = [
            "title": title, "description": description, "css": css, "legend": legend, "chart": chart, "data": dataJSON,
            "script": script,
            "state": state,
        ]
        var out = ""
        var rest = html[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[name] else { preconditionFailure("page.html names an unknown value {{\(name)}}") }
            out += rest[..<open.lowerBound]
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    static let html = text(PackageResources.page_html)
    static let css = text(PackageResources.page_css)
    static let script = text(PackageResources.page_js)

    /// A page file's text, without the final newline the file ends with.
    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.last == 0x0A ? bytes.dropLast() : bytes[...], as: UTF8.self)
    }
}
