/// Which pairs linkage considers: every pair within one set of profiles, or only pairs that join
/// the `left` set to the rest (linking two files; pairs inside one file never count).
public enum LinkageMode: Sendable, Hashable {
    case deduplicate
    case link(left: Set<Int64>)

    /// Whether this mode considers the pair of profiles `a` and `b`.
    public func allows(_ a: Int64, _ b: Int64) -> Bool {
        switch self {
        case .deduplicate: a != b
        case .link(let left): left.contains(a) != left.contains(b)
        }
    }
}
