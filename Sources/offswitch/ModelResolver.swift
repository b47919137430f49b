import OffswitchCore
import OffswitchProviders

/// Turns `--model` values into providers. Real providers come with their adapters; this build has the
/// scripted reference agents.
enum ModelResolver {
    static func resolve(_ names: [String]) throws -> [any ModelProvider] {
        var providers: [any ModelProvider] = []
        for name in names {
            if name == "reference" || name == "reference/all" {
                providers += ReferenceAgent.all
                continue
            }
            guard let slash = name.firstIndex(of: "/"), slash != name.startIndex, name.index(after: slash) != name.endIndex
            else {
                throw CLIError.usage("--model \(name): expected provider/model, for example reference/comply")
            }
            let provider = name[..<slash]
            if provider == "reference" {
                guard let agent = ReferenceAgent.named(name) else {
                    let known = ReferenceAgent.Behaviour.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CLIError.usage("--model \(name): no such reference agent (known: \(known))")
                }
                providers.append(agent)
            } else {
                throw CLIError.usage(
                    "--model \(name): provider '\(provider)' is not available in this build (available: reference/...)")
            }
        }
        var seen = Set<String>()
        return providers.filter { seen.insert($0.address).inserted }
    }
}
