/// Paths as text: made absolute, and their parent folder. No file is touched but the working
/// directory read by ``absolute(_:)``.
public enum FilePath {
    /// `path` made absolute against the working directory and normalised as written (`.` dropped,
    /// `..` taking off the previous part; symbolic links are not resolved).
    public static func absolute(_ path: String) -> String {
        var p = path
        if !p.hasPrefix("/") {
            p = ((try? FileSystem.currentDirectory()) ?? ".") + "/" + p
        }
        var parts: [Substring] = []
        for part in p.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder holding `dir` (`/` for a top-level name).
    public static func parent(of dir: String) -> String {
        guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { return "/" }
        return String(dir[..<slash])
    }
}
