/// Which IP addresses a fetch may connect to: only globally reachable ones.
///
/// The tables are transcribed from IANA's special-purpose address registries, whose
/// "Globally Reachable" column (RFC 6890 as updated by RFC 8190) says whether a datagram to an
/// address of the block is forwardable beyond its administrative domain:
/// - https://www.iana.org/assignments/iana-ipv4-special-registry/ (IPv4 Special-Purpose Address Registry)
/// - https://www.iana.org/assignments/iana-ipv6-special-registry/ (IPv6 Special-Purpose Address Registry)
/// An address takes the verdict of the most specific block holding it ("True" allows; "False" and
/// "N/A" refuse). Outside those blocks, the IANA address-space registries decide: an IPv4
/// address is allowed unless it is multicast (224.0.0.0/4, IPv4 Address Space registry), and an
/// IPv6 address only inside 2000::/3, the one block the IPv6 Address Space registry assigns to
/// global unicast (so fec0::/10 site-local, ff00::/8 multicast and ::/96 IPv4-compatible are
/// refused). An IPv6 address whose block translates to IPv4 (64:ff9b::/96, RFC 6052) reaches the
/// IPv4 address in its last 32 bits, which must itself be allowed.
public enum AddressRegistry {
    /// A registry entry: the block, its name, the RFC that made it, and its "Globally Reachable".
    public struct Block: Sendable {
        public var prefix: [UInt8]
        public var length: Int
        public var name: String
        public var rfc: String
        public var globallyReachable: Bool?
        /// Addresses of the block stand for the IPv4 address in their last 4 bytes.
        public var translatesIPv4 = false

        public func contains(_ address: [UInt8]) -> Bool {
            guard address.count == prefix.count else { return false }
            var bits = length
            var i = 0
            while bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[i] & mask != prefix[i] & mask { return false }
                bits -= 8
                i += 1
            }
            return true
        }
    }

    /// Yes, no, and N/A (refused like no: the block is not meant as a destination on the internet).
    private static func block(_ cidr: String, _ name: String, _ rfc: String, _ reachable: Bool?) -> Block {
        let parts = cidr.split(separator: "/")
        let prefix = IPAddressText.parse(String(parts[0]))!
        return Block(prefix: prefix, length: Int(parts[1])!, name: name, rfc: rfc, globallyReachable: reachable)
    }

    /// IANA IPv4 Special-Purpose Address Registry, every entry, with its Globally Reachable value.
    public static let ipv4: [Block] = [
        block("0.0.0.0/8", "\"This network\"", "RFC 791", false),
        block("0.0.0.0/32", "\"This host on this network\"", "RFC 1122", false),
        block("10.0.0.0/8", "Private-Use", "RFC 1918", false),
        block("100.64.0.0/10", "Shared Address Space", "RFC 6598", false),
        block("127.0.0.0/8", "Loopback", "RFC 1122", false),
        block("169.254.0.0/16", "Link Local", "RFC 3927", false),
        block("172.16.0.0/12", "Private-Use", "RFC 1918", false),
        block("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", false),
        block("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", false),
        block("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", false),
        block("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", true),
        block("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", true),
        block("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880", false),
        block("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880", false),
        block("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", false),
        block("192.31.196.0/24", "AS112-v4", "RFC 7535", true),
        block("192.52.193.0/24", "AMT", "RFC 7450", true),
        block("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", nil),
        block("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", nil),
        block("192.168.0.0/16", "Private-Use", "RFC 1918", false),
        block("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", true),
        block("198.18.0.0/15", "Benchmarking", "RFC 2544", false),
        block("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", false),
        block("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", false),
        block("240.0.0.0/4", "Reserved", "RFC 1112", false),
        block("255.255.255.255/32", "Limited Broadcast", "RFC 919", false),
        // Not in the special-purpose registry: the IPv4 Address Space registry's multicast block.
        block("224.0.0.0/4", "Multicast", "RFC 5771", false),
    ]

    /// IANA IPv6 Special-Purpose Address Registry, every entry, with its Globally Reachable value.
    public static let ipv6: [Block] = [
        block("::1/128", "Loopback Address", "RFC 4291", false),
        block("::/128", "Unspecified Address", "RFC 4291", false),
        block("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", false),
        {
            var b = block("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", true)
            b.translatesIPv4 = true
            return b
        }(),
        block("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", false),
        block("100::/64", "Discard-Only Address Block", "RFC 6666", false),
        block("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", false),
        block("2001::/23", "IETF Protocol Assignments", "RFC 2928", false),
        block("2001::/32", "TEREDO", "RFC 4380", nil),
        block("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", true),
        block("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", true),
        block("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", true),
        block("2001:2::/48", "Benchmarking", "RFC 5180", false),
        block("2001:3::/32", "AMT", "RFC 7450", true),
        block("2001:4:112::/48", "AS112-v6", "RFC 7535", true),
        block("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", nil),
        block("2001:20::/28", "ORCHIDv2", "RFC 7343", true),
        block("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", true),
        block("2001:db8::/32", "Documentation", "RFC 3849", false),
        block("2002::/16", "6to4", "RFC 3056", nil),
        block("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", true),
        block("3fff::/20", "Documentation", "RFC 9637", false),
        block("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", false),
        block("fc00::/7", "Unique-Local", "RFC 4193", false),
        block("fe80::/10", "Link-Local Unicast", "RFC 4291", false),
    ]

    /// The IPv6 Address Space registry's global unicast block; everything else is refused.
    static let globalUnicast = block("2000::/3", "Global Unicast", "RFC 4291", true)

    /// The most specific registry block holding `address` (4 or 16 bytes), if any.
    public static func block(of address: [UInt8]) -> Block? {
        let table = address.count == 4 ? ipv4 : address.count == 16 ? ipv6 : []
        return table.filter { $0.contains(address) }.max { $0.length < $1.length }
    }

    /// Whether `address` (4 or 16 bytes) is globally reachable by the registries (see the type's note).
    public static func isGloballyReachable(_ address: [UInt8]) -> Bool {
        guard address.count == 4 || address.count == 16 else { return false }
        if let b = block(of: address) {
            guard b.globallyReachable == true else { return false }
            return b.translatesIPv4 ? isGloballyReachable(Array(address[12...])) : true
        }
        return address.count == 4 || globalUnicast.contains(address)
    }

    /// The decision taken when a connection is about to be opened: the address must be the one
    /// that was checked, and globally reachable unless private addresses are allowed. A name that
    /// resolves differently when connecting (DNS rebinding) fails the first test.
    public static func mayConnect(to address: [UInt8], checked: [UInt8], allowPrivate: Bool) -> Bool {
        address == checked && (allowPrivate || isGloballyReachable(address))
    }
}
