/// The order in which another branch's new records are re-appended by a merge or rebase:
/// by recorded time, then by id, except that a record never comes before one it depends on
/// (the registration of an entity it names, the statement of a claim it takes a stance on,
/// the ban it lifts, the event it amends). The order depends only on the set of records.
public enum MergeOrder {
    /// `records` must be in their own log's order (which already respects every dependency).
    public static func arrange(_ records: [Record]) -> [Record] {
        let n = records.count
        guard n > 1 else { return records }
        // Rank of each record in (recorded, id) order: the priority.
        let byKey = records.indices.sorted { a, b in
            let x = records[a]
            let y = records[b]
            return x.recorded != y.recorded ? x.recorded < y.recorded : x.id < y.id
        }
        var rank = [Int](repeating: 0, count: n)
        for (r, i) in byKey.enumerated() { rank[i] = r }

        // The first record (in log order) that provides each name.
        var provider: [Name: Int] = [:]
        for (i, r) in records.enumerated() {
            for name in providedNames(r) where provider[name] == nil { provider[name] = i }
        }
        var dependents = [[Int]](repeating: [], count: n)
        var waiting = [Int](repeating: 0, count: n)
        for (i, r) in records.enumerated() {
            var seen = Set<Int>()
            for name in requiredNames(r.event) {
                guard let p = provider[name], p < i, seen.insert(p).inserted else { continue }
                dependents[p].append(i)
                waiting[i] += 1
            }
        }
        // Kahn's algorithm, always taking the ready record of lowest rank.
        var heap = MinHeap()
        for i in 0..<n where waiting[i] == 0 { heap.push(rank[i], i) }
        var out: [Record] = []
        out.reserveCapacity(n)
        while let i = heap.pop() {
            out.append(records[i])
            for d in dependents[i] {
                waiting[d] -= 1
                if waiting[d] == 0 { heap.push(rank[d], d) }
            }
        }
        return out
    }

    static func providedNames(_ record: Record) -> [Name] {
        let e = record.event
        var names = [Name(.event, record.id)]
        if let entity = e.entity { names.append(Name(.entity, entity.id)) }
        names += e.claims.filter { $0.statement != nil }.map { Name(.claim, $0.id) }
        if let ban = e.ban { names.append(Name(.ban, ban.id)) }
        return names
    }

    static func requiredNames(_ e: Event) -> [Name] {
        var names = e.entityReferences.map { Name(.entity, $0.id) }
        names += e.claims.filter { $0.statement == nil }.map { Name(.claim, $0.id) }
        if let a = e.assessment { names.append(Name(.claim, a.claim)) }
        if let lift = e.lifts { names.append(Name(.ban, lift.ban)) }
        if let target = e.amends?.event { names.append(Name(.event, target)) }
        return names
    }
}
