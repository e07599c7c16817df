import CZlib

/// A `z_stream` at a stable address: zlib's internal state points back to it, so it must never
/// move (a stored property passed with `&` is not guaranteed that).
enum GzipStream {
    static func make() -> UnsafeMutablePointer<z_stream> {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        return stream
    }

    static func free(_ stream: UnsafeMutablePointer<z_stream>) {
        stream.deinitialize(count: 1)
        stream.deallocate()
    }
}
