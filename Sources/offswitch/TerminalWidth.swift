import Foundation

/// The width of the window output is read in: `COLUMNS` when it holds a width, else the terminal's own, else 80
/// on a terminal whose size cannot be read.
enum TerminalWidth {
    /// The widths believed: narrower is no window, wider is no screen.
    static let range = 20...1000

    /// The width for output written to `descriptor` (1 for tables, 2 for the progress line), or nil when it
    /// goes to no window (a pipe or a file, with no `COLUMNS`): such output is for programs, and stays whole.
    ///
    /// - Parameters:
    ///   - descriptor: The file descriptor whose terminal is asked when `COLUMNS` is unset or not a width.
    ///   - environment: The process environment (the CLI reads it; tests pass their own).
    static func columns(of descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Int?
    {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)),
            range.contains(columns)
        {
            return columns
        }
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, range.contains(Int(size.ws_col)) {
            return Int(size.ws_col)
        }
        return 80
    }
}
