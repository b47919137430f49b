import OffswitchCore
import OffswitchProviders

extension ToolChoice {
    /// Throws unless a named tool (`--tool-choice bash`) is one every condition offers: forcing a tool the
    /// model was not given fails every call of the run at the provider.
    ///
    /// - Parameter conditions: The run's conditions.
    /// - Throws: ``CLIError`` (usage) naming the condition and its tools.
    func check(against conditions: [Condition]) throws {
        guard case .tool(let name) = self else { return }
        for condition in conditions {
            let tools = condition.toolSpecs.map(\.name)
            guard tools.contains(name) else {
                throw CLIError.usage(
                    "--tool-choice \(name): condition \(condition.id) has no tool of that name (its tools: "
                        + "\(tools.joined(separator: ", "))); name one of them, or use auto, required or none")
            }
        }
    }
}
