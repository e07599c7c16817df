import AnnalsCore

/// Keeps `.annals/tree` up with an append when it covered the log before it, at O(1) hashes
/// per record (amortised). The tree is derived: any failure here only stops the following (the
/// next proof brings the tree up from where its seal stands), never the append.
struct TreeFollower {
    private var store: MerkleStore?
    private var appender: MerkleStore.Appender?

    /// Follows when the store's seal is exactly the log's `tail`; otherwise does nothing.
    init(layout: LedgerLayout, tail: EventLog.Tail) {
        guard let store = try? MerkleStore(layout: layout), store.seal.size == tail.seq, store.seal.head == tail.hash,
            let appender = try? store.appender()
        else { return }
        self.store = store
        self.appender = appender
    }

    /// Adds the leaves of `lines`, the batch's next whole records.
    mutating func add(_ lines: [UInt8]) {
        guard appender != nil else { return }
        do { try appender!.add(lines: lines) } catch { appender = nil }
    }

    /// Seals the tree at the batch's end, once the batch has committed.
    mutating func commit(head: String) {
        guard let store, appender != nil else { return }
        do { try store.commit(&appender!, head: head) } catch { appender = nil }
    }
}
