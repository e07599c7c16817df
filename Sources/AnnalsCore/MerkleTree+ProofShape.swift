extension MerkleTree {
    /// How a proof path splits for the RFC 9162 walk (§2.1.3.2, §2.1.4.2), as transparency-dev's verifier
    /// decomposes it: an optional seed hash, then `inner` siblings below the level where the path of leaf `index`
    /// joins the tree's right border, then `border` left siblings along that border up to the root.
    struct ProofShape {
        /// Whether `path[0]` is the hash the walk starts from (a consistency proof from an incomplete old tree).
        let seedInPath: Bool
        /// The hashes below the right border; bit i of `index` says on which side `path[i]` sits.
        let inner: Int
        /// The left siblings on the right border.
        let border: Int
        /// Steers `chainInner`: the leaf's index, shifted to the level where the walk starts.
        let index: Int64

        var count: Int {
            (seedInPath ? 1 : 0) + inner + border
        }

        /// The shape of the inclusion path of leaf `index` in a tree of `size` (0 <= index < size).
        init(inclusionOf index: Int64, size: Int64) {
            // Below the highest bit where `index` and the last leaf differ, the siblings are inside the tree;
            // above it the leaf's path runs along the right border.
            let inner = 64 - (index ^ (size - 1)).leadingZeroBitCount
            self.init(seedInPath: false, inner: inner, border: (index >> inner).nonzeroBitCount, index: index)
        }

        /// The shape of the consistency path from `old` to `new` leaves (0 < old <= new): the inclusion path of the
        /// old tree's last leaf, started at the level of the largest complete subtree the old tree ends with.
        init(consistencyFrom old: Int64, to new: Int64) {
            if old == new {
                self.init(seedInPath: false, inner: 0, border: 0, index: 0)
                return
            }
            let last = ProofShape(inclusionOf: old - 1, size: new)
            let shift = old.trailingZeroBitCount  // below `inner` since old < new
            self.init(
                seedInPath: old != 1 << shift, inner: last.inner - shift, border: last.border,
                index: (old - 1) >> shift)
        }

        private init(seedInPath: Bool, inner: Int, border: Int, index: Int64) {
            self.seedInPath = seedInPath
            self.inner = inner
            self.border = border
            self.index = index
        }

        /// The inner and border parts of a path of `count` hashes, after the seed.
        func split(_ path: [Hash]) -> (inner: ArraySlice<Hash>, border: ArraySlice<Hash>) {
            let rest = path.dropFirst(seedInPath ? 1 : 0)
            return (rest.prefix(inner), rest.dropFirst(inner))
        }
    }
}
