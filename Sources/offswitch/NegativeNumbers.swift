/// Attaches a negative number to the long option before it (`--epochs -5` becomes `--epochs=-5`).
///
/// swift-argument-parser reads `-5` as a short flag, so the option had no value and the user was told
/// "Missing value for '--epochs'" instead of what is wrong with -5. Attached, the value reaches the option's
/// own check ("--epochs must be at least 1"). No option of offswitch is a digit, so `-5` is never a flag.
enum NegativeNumbers {
    /// `arguments` with each negative number that follows a long option written `--option=-N`; everything after
    /// a `--` terminator is left alone.
    ///
    /// - Parameter arguments: The command-line arguments, without the program's name.
    /// - Returns: The arguments to parse.
    static func attached(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                out += arguments[index...]
                break
            }
            let next = arguments.index(after: index)
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), next < arguments.endIndex,
                isNegativeNumber(arguments[next])
            {
                out.append(argument + "=" + arguments[next])
                index = arguments.index(after: next)
                continue
            }
            out.append(argument)
            index = next
        }
        return out
    }

    /// Whether `text` is a negative number such as `-5`, `-0.5`, `-1e3` or `-inf`.
    static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-") && Double(text) != nil
    }
}
