import Annals
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl
}
