import AnnalsCore

extension EventLog {
    /// Produces the items of a batch like ``ItemSource``, given the batch's ``ItemPreparer`` to
    /// prepare them with (on other threads, say) before the validator takes them in order.
    public typealias PreparingItemSource = (ItemPreparer, (BatchValidator.Item) throws -> Void) throws -> Void

    /// Validates every item against the log, then appends the new ones as one durable write.
    /// Items already in the log are reported as duplicates and skipped. A dry run writes nothing.
    /// `sizeHint` (the input's size in bytes, when known) lets the output buffer be sized once.
    public func append(_ items: ItemSource, recorder: String, now: Timestamp, dryRun: Bool = false, sizeHint: Int = 0)
        throws -> AppendOutcome
    {
        try withoutActuallyEscaping(items) { items in
            try append(
                preparing: { _, body in try items(body) }, recorder: recorder, now: now, dryRun: dryRun,
                sizeHint: sizeHint)
        }
    }
}
