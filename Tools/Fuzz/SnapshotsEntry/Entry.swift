// libFuzzer's entry point for the snapshots fuzzer (this target alone, so tests can link the logic).
import AnnalsFuzzSnapshots

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzSnapshots(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
