import AnnalsCore

/// A logged record (GRDB has a `Record` class of its own).
typealias LogRecord = AnnalsCore.Record
