/// Reads a proof's fields, remembering which were read so unknown ones can be refused.
struct ProofFields {
    let object: JSONObject
    let kind: String
    var read: Set<String> = []

    init(_ value: JSONValue, kind: String) throws(ProofFormatError) {
        guard let object = value.objectValue else {
            throw ProofFormatError(field: "", problem: "a \(kind) proof is a JSON object, not \(value.kindName)")
        }
        self.object = object
        self.kind = kind
    }

    mutating func count(_ key: String) throws(ProofFormatError) -> Int64 {
        read.insert(key)
        guard let n = object[key]?.integerValue, n >= 0 else {
            throw ProofFormatError(field: key, problem: "expected a whole number of 0 or more")
        }
        return n
    }

    mutating func hash(_ key: String) throws(ProofFormatError) -> MerkleTree.Hash {
        read.insert(key)
        guard let s = object[key]?.stringValue else {
            throw ProofFormatError(field: key, problem: "expected a hash as 64 lowercase hex digits")
        }
        return try Self.hash(s, field: key)
    }

    static func hash(_ s: String, field: String) throws(ProofFormatError) -> MerkleTree.Hash {
        guard s.utf8.count == 64, let bytes = Digest.bytes(hex: s) else {
            throw ProofFormatError(
                field: field, problem: "'\(ValidationError.shorten(s))' is not 64 lowercase hex digits")
        }
        return bytes
    }

    mutating func path() throws(ProofFormatError) -> [MerkleTree.Hash] {
        read.insert("path")
        guard case .array(let items) = object["path"] else {
            throw ProofFormatError(field: "path", problem: "expected an array of hashes")
        }
        guard items.count <= 128 else {
            throw ProofFormatError(field: "path", problem: "\(items.count) hashes is more than any log needs")
        }
        var hashes: [MerkleTree.Hash] = []
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue else {
                throw ProofFormatError(field: "path[\(i)]", problem: "expected a hash, got \(item.kindName)")
            }
            hashes.append(try Self.hash(s, field: "path[\(i)]"))
        }
        return hashes
    }

    mutating func optionalText(_ key: String) throws(ProofFormatError) -> [UInt8]? {
        read.insert(key)
        guard let value = object[key] else { return nil }
        guard let s = value.stringValue else { throw ProofFormatError(field: key, problem: "expected a string") }
        return Array(s.utf8)
    }

    func noOthers() throws(ProofFormatError) {
        if let other = object.keys.first(where: { !read.contains($0) }) {
            throw ProofFormatError(field: other, problem: "a \(kind) proof has no such field")
        }
    }
}
