import AnnalsCore

/// An environment variable annals reads holds something it cannot use.
public struct EnvironmentError: AnnalsFailure {
    public var name: String
    public var value: String
    public var expected: String
    public var example: String
    public var description: String {
        "\(name)=\(ValidationError.shorten(value)) is not \(expected). Fix: set it to e.g. \(example), or unset it "
            + "for the default"
    }
    public var status: ExitStatus { .usage }
}
