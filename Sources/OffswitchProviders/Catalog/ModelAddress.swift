import OffswitchCore

/// A model as the command line names it, `provider/model`, parsed once: the provider part picks the catalog entry,
/// the model part is what that provider calls it (it may hold more slashes: `openrouter/openai/o3`).
package struct ModelAddress: Sendable, Hashable, CustomStringConvertible {
    /// The catalog prefix, before the first slash (`anthropic`, `vllm`, `reference`).
    package var provider: String
    /// The provider's own name for the model, after the first slash; never empty.
    package var model: String

    /// The address written as given: `provider/model`.
    package var description: String { "\(provider)/\(model)" }

    /// Parses `text` as `provider/model`.
    ///
    /// A bare `reference` names every reference agent, as `reference/all` does.
    /// - Throws: ``ModelAddressError`` when the text is no plain name (control or hidden characters, too long) or
    ///   has no provider or no model part.
    package init(parsing text: String) throws(ModelAddressError) {
        // A model's address becomes file names (export) and terminal text.
        if let problem = Identifier.problem(text, maxLength: Identifier.maxModelLength, allowingSlash: true) {
            throw ModelAddressError(
                address: "'\(text.prefix(60))'", problem: "the address \(problem); give it as plain provider/model")
        }
        if text == "reference" {
            self.init(provider: "reference", model: "all")
            return
        }
        guard let slash = text.firstIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex
        else {
            throw ModelAddressError(address: text, problem: "expected provider/model, for example reference/comply")
        }
        self.init(provider: String(text[..<slash]), model: String(text[text.index(after: slash)...]))
    }

    /// An address from its two parts, both non-empty.
    package init(provider: String, model: String) {
        precondition(!provider.isEmpty && !model.isEmpty, "a model address has a provider and a model")
        self.provider = provider
        self.model = model
    }
}

/// A `--model` value that names no model offswitch can make: one line saying which and how to fix it.
package struct ModelAddressError: Error, Sendable, CustomStringConvertible {
    /// The address as the message shows it.
    package var address: String
    /// What is wrong and the fix.
    package var problem: String

    package init(address: String, problem: String) {
        self.address = address
        self.problem = problem
    }

    package var description: String { "\(address): \(problem)" }
}
