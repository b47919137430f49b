import OffswitchCore

extension ProviderEntry {
    /// One model to make: the entry asked, the address, the run's options and the environment keys come from.
    package struct Making: Sendable {
        package var entry: ProviderEntry
        package var address: ModelAddress
        package var options: ProviderOptions
        package var environment: [String: String]

        /// The key: the first of the entry's variables set and non-empty, with the variable it came from.
        package func key() -> (key: APIKey, variable: String)? {
            for variable in entry.keyVariables {
                if let value = environment[variable], !value.isEmpty { return (APIKey(value), variable) }
            }
            return nil
        }

        /// The key, which this provider cannot do without.
        /// - Parameter vendor: Whose key it is, as the message says it (`your Anthropic API key`).
        /// - Throws: ``ModelAddressError`` naming the variable(s) to set.
        package func requiredKey(of vendor: String) throws(ModelAddressError) -> (key: APIKey, variable: String) {
            if let found = key() { return found }
            let variables =
                entry.keyVariables.count > 1
                ? "\(entry.keyVariables[0]) (or \(entry.keyVariables.dropFirst().joined(separator: " or ")))"
                : entry.keyVariables.first ?? "the key variable"
            throw ModelAddressError(address: address.description, problem: "set \(variables) to your \(vendor) API key")
        }

        /// The API root: `--base-url` when given, else the entry's own.
        /// - Throws: ``ModelAddressError`` when the entry has none and the user gave none.
        package func baseURL() throws(ModelAddressError) -> String {
            if let given = options.baseURL { return given }
            guard case .url(let url) = entry.endpoint else {
                throw ModelAddressError(
                    address: address.description,
                    problem: "give the server's API root with --base-url, for example http://localhost:8000/v1")
            }
            return url
        }

        /// Throws unless the tool choice is `auto`: only the OpenAI wire formats send another one.
        package func requireAutoToolChoice() throws(ModelAddressError) {
            guard options.toolChoice == .auto else {
                throw ModelAddressError(
                    address: address.description,
                    problem:
                        "--tool-choice \(options.toolChoice) works with OpenAI-compatible providers only (openai, vllm, llamacpp, ollama, ...)"
                )
            }
        }
    }
}
