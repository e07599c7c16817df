import AnnalsCore

/// Events given as JSON text, turned into what a batch reads: one way for every suite.
public enum TestEvents {
    /// One JSON object as the item a batch reads at `location`.
    public static func item(_ json: String, at location: String) throws -> BatchValidator.Item {
        BatchValidator.Item(location: location, value: try JSONParser.parse(Array(json.utf8)))
    }

    /// JSON objects as a batch's items, located "`label` 1", "`label` 2", ….
    public static func items(_ lines: [String], label: String = "line") throws -> [BatchValidator.Item] {
        try lines.enumerated().map { try item($0.element, at: "\(label) \($0.offset + 1)") }
    }

    /// The items as the source an append reads (`EventLog.ItemSource`), parsed up front.
    public static func source(_ lines: [String], label: String = "line") throws
        -> ((BatchValidator.Item) throws -> Void) throws -> Void
    {
        let parsed = try items(lines, label: label)
        return { body in
            for item in parsed {
                try body(item)
            }
        }
    }
}
