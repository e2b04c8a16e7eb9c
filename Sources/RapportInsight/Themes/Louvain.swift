/// Louvain community detection (Blondel et al. 2008) on a ``NeighbourGraph``: nodes move to the
/// neighbouring community with the best modularity gain until none moves, then communities become
/// nodes and it repeats. `resolution` > 1 gives more, smaller communities.
enum Louvain {
    static func communities(of graph: NeighbourGraph, resolution: Double) -> [Int] {
        var g = graph
        var membership = Array(0..<graph.nodeCount)
        while true {
            let (local, moved) = oneLevel(g, resolution: resolution)
            guard moved else { break }
            let (dense, k) = densify(local)
            guard k < g.nodeCount else { break }
            membership = membership.map { dense[$0] }
            g = aggregate(g, community: dense, count: k)
        }
        return membership
    }

    private static func densify(_ labels: [Int]) -> ([Int], Int) {
        var map: [Int: Int] = [:]
        let dense = labels.map { l in map[l] ?? { let v = map.count; map[l] = v; return v }() }
        return (dense, map.count)
    }

    private static func oneLevel(_ g: NeighbourGraph, resolution: Double) -> ([Int], Bool) {
        let n = g.nodeCount
        var degree = [Double](repeating: 0, count: n)
        for i in 0..<n { for e in g.starts[i]..<g.starts[i + 1] { degree[i] += Double(g.weights[e]) } }
        let twoM = degree.reduce(0, +)
        guard twoM > 0 else { return (Array(0..<n), false) }
        var community = Array(0..<n)
        var total = degree
        var linkTo = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        var movedAny = false
        for _ in 0..<32 {
            var moves = 0
            for i in 0..<n {
                let own = community[i]
                for e in g.starts[i]..<g.starts[i + 1] {
                    let j = Int(g.neighbours[e])
                    // A self-loop (an aggregated community's inner weight) moves with the node.
                    if j == i { continue }
                    let c = community[j]
                    if linkTo[c] == 0 { touched.append(c) }
                    linkTo[c] += Double(g.weights[e])
                }
                total[own] -= degree[i]
                var best = own
                var bestGain = linkTo[own] - resolution * total[own] * degree[i] / twoM
                for c in touched where c != own {
                    let gain = linkTo[c] - resolution * total[c] * degree[i] / twoM
                    // Strictly better only: ties never move a node, so passes cannot cycle.
                    if gain > bestGain { best = c; bestGain = gain }
                }
                total[best] += degree[i]
                if best != own { community[i] = best; moves += 1 }
                for c in touched { linkTo[c] = 0 }
                linkTo[own] = 0
                touched.removeAll(keepingCapacity: true)
            }
            if moves == 0 { break }
            movedAny = true
        }
        return (community, movedAny)
    }

    private static func aggregate(_ g: NeighbourGraph, community: [Int], count k: Int) -> NeighbourGraph {
        var rows = [[Int: Float]](repeating: [:], count: k)
        for i in 0..<g.nodeCount {
            for e in g.starts[i]..<g.starts[i + 1] {
                rows[community[i]][community[Int(g.neighbours[e])], default: 0] += g.weights[e]
            }
        }
        var starts = [0]
        var neighbours: [Int32] = []
        var weights: [Float] = []
        for row in rows {
            for (c, w) in row.sorted(by: { $0.key < $1.key }) {
                neighbours.append(Int32(c))
                weights.append(w)
            }
            starts.append(neighbours.count)
        }
        return NeighbourGraph(starts: starts, neighbours: neighbours, weights: weights)
    }
}
