import Annals
import AnnalsCore

/// Proofs as text: what they prove, then each hash on its own line.
enum ProofText {
    static func inclusion(_ proof: InclusionProof, record: Record) -> [String] {
        [
            "inclusion of seq \(proof.index + 1) (\(record.id)) in the tree of \(Words.count(proof.size, "record"))",
            "index  \(proof.index)", "size   \(proof.size)", "root   \(Digest.hex(proof.root))",
            "leaf   \(Digest.hex(proof.leaf))", "path   \(proof.path.count) hash\(proof.path.count == 1 ? "" : "es")",
        ] + proof.path.map { "  " + Digest.hex($0) }
    }

    static func consistency(_ proof: ConsistencyProof) -> [String] {
        [
            "consistency of the tree of \(Words.count(proof.oldSize, "record")) with the tree of \(proof.newSize)",
            "old_size  \(proof.oldSize)", "new_size  \(proof.newSize)", "old_root  \(Digest.hex(proof.oldRoot))",
            "new_root  \(Digest.hex(proof.newRoot))",
            "path      \(proof.path.count) hash\(proof.path.count == 1 ? "" : "es")",
        ] + proof.path.map { "  " + Digest.hex($0) }
    }
}
