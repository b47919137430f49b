package import OffswitchCore

/// One provider prefix of the catalog: what `offswitch models` says of it and how a `prefix/model` address becomes
/// a model.
package struct ProviderEntry: Sendable {
    /// Where a provider's models live.
    package enum Endpoint: Sendable, Equatable {
        /// In this process: scripted agents and recordings.
        case builtIn
        /// An HTTP API root, the default `--base-url` overrides.
        case url(String)
        /// A server the user names with `--base-url`.
        case givenByUser
    }

    /// The part of the address before the first slash.
    package var prefix: String
    /// What stands for the model part in the listing (`<model>`, `<behaviour>`).
    package var modelPlaceholder: String
    /// One line for `offswitch models`.
    package var summary: String
    /// The default endpoint.
    package var endpoint: Endpoint
    /// The environment variables holding the key, the first one set winning; empty when the provider takes none.
    package var keyVariables: [String]
    /// Whether making a model fails without a key (hosted APIs) or goes on without one (local servers).
    package var keyRequired: Bool
    /// Whether `offswitch models` lists the entry (`replay/PATH` plays a file; there is nothing to connect to).
    package var isListed: Bool
    /// Makes the models an address names (most name one; `reference/all` names every reference agent).
    package var make: @Sendable (Making) throws(ModelAddressError) -> [CatalogModel]

    package init(
        prefix: String, modelPlaceholder: String = "<model>", summary: String, endpoint: Endpoint,
        keyVariables: [String] = [], keyRequired: Bool = false, isListed: Bool = true,
        make: @escaping @Sendable (Making) throws(ModelAddressError) -> [CatalogModel]
    ) {
        self.prefix = prefix
        self.modelPlaceholder = modelPlaceholder
        self.summary = summary
        self.endpoint = endpoint
        self.keyVariables = keyVariables
        self.keyRequired = keyRequired
        self.isListed = isListed
        self.make = make
    }
}

/// A model the catalog made: the adapter itself, and for HTTP models the adapter the endpoint check reaches and the
/// account its calls count against.
package struct CatalogModel: Sendable {
    /// The model as the catalog made it, not yet behind the engine's retries and limits.
    package var provider: any ModelProvider
    /// The same adapter when it calls an HTTP endpoint.
    package var http: (any HTTPModelProvider)?

    /// A scripted or recorded model: it runs in-process, unlimited and never retried.
    package static func local(_ provider: any ModelProvider) -> CatalogModel {
        CatalogModel(provider: provider, http: nil)
    }

    /// A model behind an HTTP API.
    package static func remote(_ provider: any HTTPModelProvider) -> CatalogModel {
        CatalogModel(provider: provider, http: provider)
    }

    /// Models with the same key share one ``ProviderAccount`` (one limit and pace); nil for local models.
    package var concurrencyKey: String? { http?.account }
}
