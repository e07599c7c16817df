import AnnalsSystem

extension OutputPath {
    /// ``check(_:protected:force:)`` against a ledger's own folders and files.
    @discardableResult
    public static func check(_ path: String, layout: LedgerLayout, force: Bool) throws(StoreError) -> String {
        try check(path, protected: layout.protected, force: force)
    }

    /// ``checkFolder(_:protected:)`` against a ledger's own folders and files.
    @discardableResult
    public static func checkFolder(_ path: String, layout: LedgerLayout) throws(StoreError) -> String {
        try checkFolder(path, protected: layout.protected)
    }

    /// ``write(_:to:protected:)`` refusing a ledger's own folders and files.
    public static func write(_ bytes: [UInt8], to path: String, layout: LedgerLayout) throws(StoreError) {
        try write(bytes, to: path, protected: layout.protected)
    }
}

extension LedgerLayout {
    /// What no output may land in or on.
    var protected: OutputPath.Protected {
        OutputPath.Protected(folders: protectedFolders, files: protectedFiles)
    }
}
