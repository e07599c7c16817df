import AnnalsCore
import AnnalsSystem

/// A derived, memory-mapped hash table from the names the log defines (event ids, entities,
/// aliases, claims, bans) to the seq that defined them, so appending can check duplicates and
/// references without reading the log. It lives in `.annals/`, records the seq and chain hash
/// it covers, and is caught up or rebuilt from `Events/` whenever that no longer matches.
final class NameIndex {
    static let magic: [UInt8] = Array("ANNIDX03".utf8)  // 03: claim statements, retractions, full lifts
    static let headerSize = 4096
    static let slotSize = 24  // 16-byte key, 8-byte seq
    static let minimumCapacity = 1 << 12

    let path: String
    private var file: PosixFile
    private var base: UnsafeMutableRawPointer
    private var mappedBytes: Int
    private(set) var capacity: Int
    private(set) var count: Int

    /// The last seq whose names are in the index, and that record's hash.
    var coveredSeq: Int64 {
        get { base.load(fromByteOffset: 32, as: Int64.self) }
        set { base.storeBytes(of: newValue, toByteOffset: 32, as: Int64.self) }
    }
    var coveredHash: String {
        get { Digest.hex(UnsafeRawBufferPointer(start: base + 40, count: 32)) }
        set {
            let raw = Self.bytes(fromHex: newValue)
            raw.withUnsafeBytes { (base + 40).copyMemory(from: $0.baseAddress!, byteCount: 32) }
        }
    }

    /// Whether changes are synced to disk (a scratch table, see ``init(scratch:capacityFor:)``, is not).
    let durable: Bool

    /// Opens the index at `path`, or creates an empty one if it is missing or unreadable.
    init(path: String) throws(StoreError) {
        self.path = path
        durable = true
        if let opened = try? Self.map(path: path) {
            (file, base, mappedBytes) = opened
            capacity = base.load(fromByteOffset: 16, as: Int.self)
            count = base.load(fromByteOffset: 24, as: Int.self)
            if capacity >= Self.minimumCapacity, capacity.nonzeroBitCount == 1,
                mappedBytes == Self.headerSize + capacity * Self.slotSize,
                Array(UnsafeRawBufferPointer(start: base, count: 8)) == Self.magic
            {
                return
            }
            MappedMemory.unmap(base, bytes: mappedBytes)
        }
        try Self.createEmpty(path: path, capacity: Self.minimumCapacity)
        (file, base, mappedBytes) = try Self.map(path: path)
        capacity = Self.minimumCapacity
        count = 0
    }

    /// An empty table in a scratch file at `path` (replaced if it exists), sized for `names`
    /// entries: the names a batch defines, kept on disk rather than in memory, never synced.
    init(scratch path: String, capacityFor names: Int) throws(StoreError) {
        self.path = path
        durable = false
        var wanted = Self.minimumCapacity
        while names * 10 > wanted * 7 { wanted *= 2 }
        try Self.createEmpty(path: path, capacity: wanted)
        (file, base, mappedBytes) = try Self.map(path: path)
        capacity = wanted
        count = 0
    }

    deinit { MappedMemory.unmap(base, bytes: mappedBytes) }

    /// Calls `body` with every entry, in slot order.
    func forEachEntry(_ body: (NameKey, Int64) throws -> Void) rethrows {
        for slot in 0..<capacity {
            let p = base + Self.headerSize + slot * Self.slotSize
            let k0 = p.loadUnaligned(as: UInt64.self)
            let k1 = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if k0 == 0 && k1 == 0 { continue }
            try body(NameKey(high: k0, low: k1), p.loadUnaligned(fromByteOffset: 16, as: Int64.self))
            touch()
        }
    }

    /// The seq and chain hash an index file says it covers, read without creating or changing
    /// it; nil when there is no index (a fresh clone) or it is not one.
    static func peekCovered(path: String) -> (seq: Int64, hash: String)? {
        guard let file = try? PosixFile(path: path, flags: .readOnly),
            let header = try? file.read(at: 0, count: 73), header.count == 73,
            Array(header[0..<8]) == magic, header[72] == 0
        else { return nil }
        let seq = header[32..<40].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
        return (seq, Digest.hex(header[40..<72]))
    }

    /// Empties the index (before a rebuild).
    func reset() throws(StoreError) {
        MappedMemory.unmap(base, bytes: mappedBytes)
        try Self.createEmpty(path: path, capacity: Self.minimumCapacity)
        (file, base, mappedBytes) = try Self.map(path: path)
        capacity = Self.minimumCapacity
        count = 0
    }

    /// Slots are touched at random, so a big table would soon be wholly resident: once this many
    /// lookups and inserts have touched it, its pages are handed back to the page cache
    /// (`MADV_DONTNEED`, which keeps what was written), so memory stays bounded at any size.
    /// A read fault maps up to 16 cached pages around the one read (the kernel's fault-around,
    /// 64 KB), so 512 touches can make up to 32 MB resident (8,192 made a 200 MB table whole).
    static let touchesBeforeRelease = 512
    /// Tables up to this size stay mapped in full.
    static let residentBytes = 32 << 20
    private var touches = 0

    private func touch() {
        touches += 1
        guard touches >= Self.touchesBeforeRelease else { return }
        touches = 0
        if mappedBytes > Self.residentBytes { MappedMemory.release(base, bytes: mappedBytes) }
    }

    func seq(of key: NameKey) -> Int64? {
        touch()
        var slot = Self.home(key, capacity)
        while true {
            let p = base + Self.headerSize + slot * Self.slotSize
            let k0 = p.loadUnaligned(as: UInt64.self)
            let k1 = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if k0 == 0 && k1 == 0 { return nil }
            if k0 == key.high && k1 == key.low { return p.loadUnaligned(fromByteOffset: 16, as: Int64.self) }
            slot = (slot + 1) & (capacity - 1)
        }
    }

    /// Records that `name` was defined at `seq`, unless it already is (the first definition wins).
    func insert(_ key: NameKey, seq: Int64) throws(StoreError) {
        if (count + 1) * 10 > capacity * 7 { try grow() }
        touch()
        var slot = Self.home(key, capacity)
        while true {
            let p = base + Self.headerSize + slot * Self.slotSize
            let k0 = p.loadUnaligned(as: UInt64.self)
            let k1 = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if k0 == key.high && k1 == key.low { return }
            if k0 == 0 && k1 == 0 {
                p.storeBytes(of: key.high, as: UInt64.self)
                p.storeBytes(of: key.low, toByteOffset: 8, as: UInt64.self)
                p.storeBytes(of: seq, toByteOffset: 16, as: Int64.self)
                count += 1
                base.storeBytes(of: count, toByteOffset: 24, as: Int.self)
                return
            }
            slot = (slot + 1) & (capacity - 1)
        }
    }

    /// Whether names were being added when the process stopped (then the slots may hold names of
    /// records that never made it, or were discarded since): such an index is rebuilt.
    var isDirty: Bool { base.load(fromByteOffset: 72, as: UInt8.self) != 0 }

    /// Marks the index as being changed, durably, before any slot changes.
    func markDirty() throws(StoreError) {
        base.storeBytes(of: UInt8(1), toByteOffset: 72, as: UInt8.self)
        try MappedMemory.sync(base, bytes: Self.headerSize, path: path)
    }

    /// Makes the slots durable, then the header that claims them: a crash in between leaves
    /// extra names for records that are in the log, never a header ahead of its slots.
    func commit(seq: Int64, hash: String) throws(StoreError) {
        try MappedMemory.sync(base, bytes: mappedBytes, path: path)
        coveredSeq = seq
        coveredHash = hash
        base.storeBytes(of: UInt8(0), toByteOffset: 72, as: UInt8.self)
        try MappedMemory.sync(base, bytes: Self.headerSize, path: path)
    }

    /// Grows the table once so that `extra` more names fit (instead of doubling step by step).
    func reserve(_ extra: Int) throws(StoreError) {
        var wanted = capacity
        while (count + extra) * 10 > wanted * 7 { wanted *= 2 }
        if wanted > capacity { try grow(to: wanted) }
    }

    private func grow(to newCapacity: Int? = nil) throws(StoreError) {
        let newCapacity = newCapacity ?? capacity * 2
        let tmp = path + ".tmp"
        try Self.createEmpty(path: tmp, capacity: newCapacity)
        let (newFile, newBase, newBytes) = try Self.map(path: tmp)
        newBase.copyMemory(from: base, byteCount: 73)  // magic, covered seq and hash (to byte 71), dirty flag (72)
        newBase.storeBytes(of: newCapacity, toByteOffset: 16, as: Int.self)
        for slot in 0..<capacity {
            let p = base + Self.headerSize + slot * Self.slotSize
            let k0 = p.loadUnaligned(as: UInt64.self)
            let k1 = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if k0 == 0 && k1 == 0 { continue }
            var s = Self.home(NameKey(high: k0, low: k1), newCapacity)
            while newBase.loadUnaligned(fromByteOffset: Self.headerSize + s * Self.slotSize, as: UInt64.self) != 0
                || newBase.loadUnaligned(fromByteOffset: Self.headerSize + s * Self.slotSize + 8, as: UInt64.self) != 0
            {
                s = (s + 1) & (newCapacity - 1)
            }
            (newBase + Self.headerSize + s * Self.slotSize).copyMemory(from: p, byteCount: Self.slotSize)
            // Copied in order, the old table's pages can go as soon as they are read; the new
            // one's are written at random, so they are handed back to the page cache as it fills
            // (as often as lookups do).
            if slot % Self.touchesBeforeRelease == Self.touchesBeforeRelease - 1
                && newBytes > Self.residentBytes
            {
                MappedMemory.release(newBase, bytes: newBytes)
                MappedMemory.release(base, bytes: mappedBytes)
            }
        }
        newBase.storeBytes(of: count, toByteOffset: 24, as: Int.self)
        if durable {
            try MappedMemory.sync(newBase, bytes: newBytes, path: tmp)
        }
        // Synced above when durable; a scratch table's bytes need not reach the disk.
        try FileSystem.replace(path, withTemporary: tmp, synced: true, operation: "replace")
        MappedMemory.unmap(base, bytes: mappedBytes)
        (file, base, mappedBytes, capacity) = (newFile, newBase, newBytes, newCapacity)
    }

    private static func home(_ key: NameKey, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: key.low) & (capacity - 1)
    }

    private static func createEmpty(path: String, capacity: Int) throws(StoreError) {
        let f = try PosixFile(path: path, flags: [.readWrite, .create, .truncate])
        var header = [UInt8](repeating: 0, count: headerSize)
        header.replaceSubrange(0..<8, with: magic)
        withUnsafeBytes(of: capacity) { header.replaceSubrange(16..<24, with: $0) }
        try f.writeAll(header)
        try f.truncate(to: headerSize + capacity * slotSize)
    }

    private static func map(path: String) throws(StoreError) -> (PosixFile, UnsafeMutableRawPointer, Int) {
        let f = try PosixFile(path: path, flags: .readWrite)
        let size = try f.size()
        guard size >= headerSize else { throw .io(path: path, operation: "map", errno: Errno.invalid) }
        return (f, try MappedMemory.map(f, bytes: size), size)
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        while let a = it.next(), let b = it.next() { out.append(nibble(a) << 4 | nibble(b)) }
        return out
    }
}

/// A scratch name table serves as a batch's names: on disk, its pages handed back as it grows.
extension NameIndex: BatchNames {
    func value(of key: NameKey) -> Int64? { seq(of: key) }
    func insert(_ key: NameKey, value: Int64) throws { try insert(key, seq: value) }
}
