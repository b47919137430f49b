import OffswitchCore
import OffswitchProviders

/// Turns `--model` values into providers through the provider catalog (OffswitchProviders' `ProviderCatalog`:
/// parse, look up, make, wrap), with keys from the environment the CLI hands in, and says what is wrong with a
/// value as a usage error.
enum ModelResolver {
    static func resolve(
        _ names: [String], options: ProviderOptions = ProviderOptions(), environment: [String: String] = [:]
    ) throws -> [any ModelProvider] {
        try resolveModels(names, options: options, environment: environment).providers
    }

    /// The providers for `names` as the engine runs them, and the HTTP models among them unwrapped (for the
    /// endpoint check before a run).
    static func resolveModels(
        _ names: [String], options: ProviderOptions = ProviderOptions(), environment: [String: String] = [:],
        catalog: ProviderCatalog = .builtIn
    ) throws -> (providers: [any ModelProvider], http: [any HTTPModelProvider]) {
        do {
            let resolved = try catalog.resolve(names, options: options, environment: environment)
            return (resolved.providers, resolved.http)
        } catch {
            throw CLIError.usage("--model \(error.address): \(error.problem)")
        }
    }
}
