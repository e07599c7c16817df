/// Help text written as source lines, rejoined into paragraphs, so `--help` wraps it at the
/// terminal's width instead of breaking sentences where the source did. Blank lines, indented
/// lines and lines starting with "annals " or "Example" (examples), lines starting with "- " and the
/// line after one ending in ":" stay as they are.
func prose(_ text: String) -> String {
    var out: [String] = []
    var joinable = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let keeps =
            line.isEmpty || line.first?.isWhitespace == true || line.hasPrefix("- ") || line.hasPrefix("annals ")
            || line.hasPrefix("Example")
        if joinable && !keeps, let last = out.popLast() {
            out.append(last + " " + line)
        } else {
            out.append(line)
        }
        joinable = !keeps && !line.hasSuffix(":") || (line.hasPrefix("- ") && !line.hasSuffix(":"))
    }
    return out.joined(separator: "\n")
}
