/// Escaping and the HTML an export shows for an event: its summary, then each source as a link
/// with its publisher, title and date, and the quote taken from it.
public enum Markup {
    /// `text` safe in XML and HTML text and attribute values: `& < > " '` escaped, and the
    /// characters XML 1.0 forbids (C0 controls but tab, newline and return; U+FFFE, U+FFFF) dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An event's summary and sources as an HTML fragment (every text escaped): a paragraph per
    /// `lead` line, then a list of the sources, each a link when it has a URL, with its quote.
    public static func eventHTML(lead: [String], sources: [ExportSource]) -> String {
        var html = lead.map { "<p>" + escape($0) + "</p>" }.joined()
        if !sources.isEmpty {
            html += "<p>Sources:</p><ul>"
            for source in sources {
                html += "<li>" + sourceHTML(source)
                if let quote = source.quote { html += "<blockquote>“" + escape(quote) + "”</blockquote>" }
                html += "</li>"
            }
            html += "</ul>"
        }
        return html
    }

    /// A source as one line of HTML: publisher, title (linked to the URL) and published date.
    static func sourceHTML(_ source: ExportSource) -> String {
        let name = source.title ?? source.url ?? source.publisher ?? "source"
        var line = source.url.map { "<a href=\"" + escape($0) + "\">" + escape(name) + "</a>" } ?? escape(name)
        if let publisher = source.publisher, source.title != nil || source.url != nil {
            line = escape(publisher) + ": " + line
        }
        if let published = source.published { line += " (" + escape(published) + ")" }
        return line
    }

    /// The same as plain text, for formats that carry both.
    public static func eventText(lead: [String], sources: [ExportSource]) -> String {
        var lines = lead
        for source in sources {
            var line = "Source: " + [source.publisher, source.title].compactMap { $0 }.joined(separator: ", ")
            if let published = source.published { line += " (\(published))" }
            if let url = source.url { line += " <\(url)>" }
            lines.append(line)
            if let quote = source.quote { lines.append("“" + quote + "”") }
        }
        return lines.joined(separator: "\n")
    }
}
