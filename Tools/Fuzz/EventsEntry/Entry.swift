// libFuzzer's entry point for the events fuzzer (this target alone, so tests can link the logic).
import AnnalsFuzzEvents

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzEvents(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
