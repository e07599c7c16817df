import AnnalsCore
import AnnalsProjection
import AnnalsSite
import AnnalsStore
import AnnalsSystem

/// What `exportSite` wrote.
public struct SiteExport: Sendable {
    /// The page's path.
    public var path: String
    /// How many events it shows.
    public var events: Int
    /// How many dates its as-of control precomputes.
    public var moments: Int
    /// The checkpoint the page's proofs are against (its file name and size), or nil when the
    /// ledger has none saved.
    public var checkpoint: (file: String, size: Int64)?
    /// How many of the events shown carry an inclusion proof (those in the checkpoint's tree).
    public var proofs: Int
    /// Names of the given verifier keys that signed the checkpoint (embedded in the page).
    public var signedBy: [String]
}

extension Ledger {
    /// Most dates the site's as-of control precomputes; beyond, it keeps month starts only.
    static let siteMoments = 400

    /// Writes a self-contained timeline site of the ledger at `moment` (by default now) into `dir`; its
    /// footer names the state it shows (seq, chain head, as-of) and the options that write it again.
    /// When `Checkpoints/` holds saved checkpoints, the page embeds the newest (largest) one and,
    /// for each event shown that it covers, the event's inclusion proof in its tree; `keys`, when
    /// given, must have signed that checkpoint, and are embedded so the page checks the signature.
    /// The page is headed by `title`, else the ledger's title (ledger.json), else its origin, and
    /// shows the ledger's description when ledger.json has one.
    /// `dir` must lie outside the ledger's own folders; an existing `index.html` is replaced only with `force`.
    public func exportSite(
        moment: Moment, to dir: String, title: String? = nil, keys: [NoteVerifier] = [],
        force: Bool = false
    ) throws -> SiteExport {
        let words = try LedgerConfig.words(layout)
        let folder = try OutputPath.checkFolder(dir, layout: layout)
        let path = try OutputPath.check(folder + "/index.html", layout: layout, force: force)
        let reader = try reader(at: moment)
        let rows = try reader.siteRows()
        // The as-of control: claim standings and bans in force at every date an event starts.
        var days = Set(rows.events.map(\.occurredStart))
        if days.count > Self.siteMoments { days = Set(days.map { String($0.prefix(7)) + "-01" }) }
        var moments: [(date: String, claims: [ClaimSummary], bans: [BanEntry])] = []
        for day in days.sorted() {
            let date = try PartialDate.parse(day)
            let then = Moment(asOf: date, knownAt: moment.knownAt, knownAtSeq: moment.knownAtSeq)
            let state = try ProjectionStore.openReader(layout, at: then)
            moments.append((day, try state.claims(), try state.bans(activeOn: date)))
        }
        let captures = try captureLookup(reader)
        var data = SiteData(
            rows: rows, moments: moments, state: try state(of: reader, moment: moment),
            capture: captures.status(url:quote:),
            languages: SiteData.Languages(
                quotes: try reader.quoteLanguages(),
                names: Dictionary(try reader.entityNames().map { ($0.id, $0.names) }) { a, _ in a },
                language: words.language))
        let proofs = try siteProofs(seqs: rows.events.map(\.seq), keys: keys)
        data.attach(proofs?.proofs)
        try OutputPath.makeDirectories(folder)
        let heading = title ?? words.heading(origin: data.state.origin)
        try OutputPath.write(
            SiteWriter.page(data, title: heading, description: words.description), to: path, layout: layout)
        return SiteExport(
            path: path, events: data.eventCount, moments: moments.count,
            checkpoint: proofs.map { ($0.proofs.file, $0.size) }, proofs: proofs?.proofs.proofs.count ?? 0,
            signedBy: proofs?.signedBy ?? [])
    }

    /// The newest saved checkpoint and the inclusion proofs of the records `seqs` it covers, or
    /// nil without saved checkpoints. A checkpoint that disagrees with the log, or is not signed by
    /// `keys` (when given), is refused: the page would hand out proofs that fail.
    private func siteProofs(
        seqs: [Int64], keys: [NoteVerifier]
    ) throws -> (proofs: SiteProofs, size: Int64, signedBy: [String])? {
        guard let newest = try CheckpointFiles.list(layout).last else {
            if !keys.isEmpty {
                notice("--key is unused: the ledger has no saved checkpoint (annals checkpoint --save)")
            }
            return nil
        }
        let bytes = try InputFile.read(newest.path, cap: .checkpoint)
        let (note, checkpoint) = try Self.readCheckpoint(newest.path)
        guard checkpoint.origin == (try origin()), checkpoint.size == newest.size,
            checkpoint.size <= (try log.lastSeq()), try log.treeHead(size: checkpoint.size).root == checkpoint.root
        else { throw CheckpointCheckError.inconsistentSaved(path: newest.path, size: checkpoint.size) }
        var signers: [NoteVerifier] = []
        if !keys.isEmpty {
            do {
                signers = try NoteVerifier.check(note, with: keys)
            } catch {
                throw ProofInputError(path: newest.path, underlying: error)
            }
        }
        var proofs = SiteProofs(
            file: CheckpointFiles.name(size: newest.size), note: String(decoding: bytes, as: UTF8.self),
            keys: signers.map(\.text))
        for seq in seqs where seq <= checkpoint.size {
            proofs.add(try log.inclusionProof(seq: seq, size: checkpoint.size).proof)
        }
        return (proofs, checkpoint.size, signers.map(\.name))
    }
}
