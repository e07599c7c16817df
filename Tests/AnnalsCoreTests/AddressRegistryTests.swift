import Testing

@testable import AnnalsCore

@Suite("AddressRegistry: only globally reachable addresses, by IANA's special-purpose registries")
struct AddressRegistryTests {
    /// Each registry block at its first and last address, the exceptions inside larger blocks,
    /// the neighbours just outside, and public addresses.
    static let cases: [(String, Bool)] = [
        // IPv4 special-purpose registry
        ("0.0.0.0", false), ("0.255.255.255", false), ("1.0.0.0", true),
        ("10.0.0.0", false), ("10.255.255.255", false), ("9.255.255.255", true), ("11.0.0.0", true),
        ("100.64.0.0", false), ("100.64.0.1", false), ("100.127.255.255", false), ("100.63.255.255", true),
        ("100.128.0.0", true),
        ("127.0.0.1", false), ("127.255.255.255", false), ("128.0.0.0", true),
        ("169.254.0.0", false), ("169.254.255.255", false), ("169.253.255.255", true), ("169.255.0.0", true),
        ("172.16.0.0", false), ("172.31.255.255", false), ("172.15.255.255", true), ("172.32.0.0", true),
        ("192.0.0.0", false), ("192.0.0.7", false), ("192.0.0.8", false), ("192.0.0.9", true),
        ("192.0.0.10", true), ("192.0.0.11", false), ("192.0.0.170", false), ("192.0.0.171", false),
        ("192.0.0.255", false), ("191.255.255.255", true), ("192.0.1.0", true),
        ("192.0.2.0", false), ("192.0.2.255", false), ("192.0.3.0", true),
        ("192.31.196.1", true), ("192.52.193.1", true), ("192.175.48.1", true),
        ("192.88.99.0", false), ("192.88.99.2", false), ("192.88.98.255", true), ("192.88.100.0", true),
        ("192.168.0.0", false), ("192.168.255.255", false), ("192.167.255.255", true), ("192.169.0.0", true),
        ("198.18.0.0", false), ("198.19.255.255", false), ("198.17.255.255", true), ("198.20.0.0", true),
        ("198.51.100.0", false), ("198.51.100.255", false), ("203.0.113.0", false), ("203.0.113.255", false),
        ("203.0.112.255", true), ("203.0.114.0", true),
        ("224.0.0.1", false), ("239.255.255.255", false), ("223.255.255.255", true),
        ("240.0.0.0", false), ("255.255.255.254", false), ("255.255.255.255", false),
        ("8.8.8.8", true), ("93.184.216.34", true),
        // IPv6 special-purpose registry
        ("::", false), ("::1", false), ("::2", false), ("::ffff:127.0.0.1", false), ("::ffff:8.8.8.8", false),
        ("::127.0.0.1", false), ("::8.8.8.8", false),
        ("64:ff9b::1", false), ("64:ff9b::7f00:1", false), ("64:ff9b::a00:1", false), ("64:ff9b::808:808", true),
        ("64:ff9b:1::1", false), ("100::1", false), ("100:0:0:1::1", false), ("100::1:0:0:0:1", false),
        ("2001::1", false), ("2001:0:ffff::1", false), ("2001:1::1", true), ("2001:1::2", true),
        ("2001:1::3", true), ("2001:1::4", false), ("2001:2::1", false), ("2001:3::1", true),
        ("2001:4:112::1", true), ("2001:4:113::1", false), ("2001:10::1", false), ("2001:20::1", true),
        ("2001:2f:ffff::1", true), ("2001:30::1", true), ("2001:3f:ffff::1", true), ("2001:40::1", false),
        ("2001:1ff:ffff::1", false), ("2001:200::1", true),
        ("2001:db8::1", false), ("2001:db8:ffff::1", false), ("2001:db9::1", true),
        ("2002::1", false), ("2002:7f00:1::1", false), ("2003::1", true),
        ("2620:4f:8000::1", true), ("3fff::1", false), ("3fff:fff:ffff::1", false), ("3fff:1000::1", true),
        ("5f00::1", false), ("fc00::1", false), ("fdff:ffff::1", false), ("fe80::1", false),
        ("febf:ffff::1", false), ("fec0::1", false), ("ff02::1", false), ("1fff:ffff::1", false),
        ("4000::1", false), ("2001:4860:4860::8888", true), ("2606:4700:4700::1111", true),
    ]

    @Test("globally reachable or not", arguments: cases)
    func classifies(_ text: String, _ reachable: Bool) throws {
        let bytes = try #require(IPAddressText.parse(text), "\(text) parses")
        #expect(AddressRegistry.isGloballyReachable(bytes) == reachable, "\(text)")
    }

    @Test("every registry entry refuses or allows its own first address as its column says")
    func everyEntry() {
        for block in AddressRegistry.ipv4 + AddressRegistry.ipv6 {
            let reachable = block.globallyReachable == true
            // 64:ff9b::/96's first address embeds 0.0.0.0, which is not reachable.
            let expected = block.translatesIPv4 ? false : reachable
            #expect(AddressRegistry.isGloballyReachable(block.prefix) == expected, "\(block.name)")
            #expect(AddressRegistry.block(of: block.prefix)?.length ?? 0 >= block.length)
        }
    }

    @Test(
        "the connect-time check: only the checked address, and only a reachable one without --allow-private",
        arguments: [
            ("93.184.216.34", "93.184.216.34", false, true),
            ("127.0.0.1", "93.184.216.34", false, false),  // DNS rebinding: checked public, connecting to loopback
            ("127.0.0.1", "93.184.216.34", true, false),  // never another address than the checked one
            ("127.0.0.1", "127.0.0.1", false, false),
            ("127.0.0.1", "127.0.0.1", true, true),
            ("::1", "::1", true, true),
            ("::ffff:127.0.0.1", "127.0.0.1", true, false),
            ("2001:4860:4860::8888", "2001:4860:4860::8888", false, true),
        ])
    func mayConnect(_ address: String, _ checked: String, _ allowPrivate: Bool, _ allowed: Bool) throws {
        let a = try #require(IPAddressText.parse(address))
        let c = try #require(IPAddressText.parse(checked))
        #expect(AddressRegistry.mayConnect(to: a, checked: c, allowPrivate: allowPrivate) == allowed)
    }

    @Test(
        "address text parses and prints back (RFC 5952)",
        arguments: [
            ("::", "::"), ("::1", "::1"), ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("64:ff9b::127.0.0.1", "64:ff9b::7f00:1"), ("fe80:0:0:0:0:0:0:1", "fe80::1"), ("1.2.3.4", "1.2.3.4"),
        ])
    func roundTrip(_ text: String, _ printed: String) throws {
        let bytes = try #require(IPAddressText.parse(text))
        #expect(IPAddressText.format(bytes) == printed)
    }

    @Test(
        "malformed address text is refused",
        arguments: ["1.2.3", "1.2.3.256", "01.2.3.4", ":::", "1::2::3", "g::1", ""])
    func malformed(_ text: String) {
        #expect(IPAddressText.parse(text) == nil)
    }
}
