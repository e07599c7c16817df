/// A binary min-heap of (priority, index) pairs.
struct MinHeap {
    private var items: [(Int, Int)] = []

    mutating func push(_ priority: Int, _ value: Int) {
        items.append((priority, value))
        var c = items.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            guard items[c].0 < items[p].0 else { break }
            items.swapAt(c, p)
            c = p
        }
    }

    mutating func pop() -> Int? {
        guard !items.isEmpty else { return nil }
        let top = items[0].1
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var p = 0
            while true {
                let l = 2 * p + 1
                let r = l + 1
                var m = p
                if l < items.count && items[l].0 < items[m].0 { m = l }
                if r < items.count && items[r].0 < items[m].0 { m = r }
                if m == p { break }
                items.swapAt(p, m)
                p = m
            }
        }
        return top
    }
}
