public import ArgumentParser
public import OffswitchCore
public import OffswitchProviders

// Values the command line takes as they are: argument-parser checks them while parsing and lists the accepted ones
// in its error and in help, so no command checks a string by hand and unwraps it later.

extension Generation: ExpressibleByArgument {}

extension BypassPolicy: ExpressibleByArgument {}

extension ProportionInterval.Method: ExpressibleByArgument {}

extension SampleSize.Method: ExpressibleByArgument {}

extension ToolChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }

    public var defaultValueDescription: String { description }
}

/// `--reasoning-summary`: what OpenAI Responses reasoning models summarise of their reasoning.
enum ReasoningSummary: String, CaseIterable, ExpressibleByArgument {
    case auto, concise, detailed
    /// No summary (an unverified OpenAI organisation gets none).
    case omitted = "none"
}

/// Parses an enumerated option's value through its own `init(argument:)`, refusing any other with `message`: for
/// the options whose one-line refusal says more than the list of values.
func choice<Value: ExpressibleByArgument>(
    _ message: @escaping @Sendable (String) -> String
) -> @Sendable (String) throws -> Value {
    { text in
        guard let value = Value(argument: text) else { throw ValidationError(message(text)) }
        return value
    }
}
