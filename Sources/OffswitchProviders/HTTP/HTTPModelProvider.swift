package import OffswitchCore

/// A provider that calls its model at one HTTP endpoint, which a run checks before any trial starts.
package protocol HTTPModelProvider: ModelProvider {
    /// The URL every call is POSTed to, without a query.
    var endpoint: String { get }
    /// The client its calls go through.
    var client: ModelHTTPClient { get }
    /// The provider account its calls count against (``accountIdentity(url:key:)``): models that share it share
    /// one concurrency limit and one pace.
    var account: String { get }
}

extension HTTPModelProvider {
    /// The account behind `url` and `key`: the API's origin (scheme, host, port) and a digest of the key, never the
    /// key itself (the identity may be printed or logged).
    package static func accountIdentity(url: String, key: APIKey?) -> String {
        var digest = FNV1a()
        digest.add(key?.value ?? "")
        return HTTPTransport.host(url) + (key == nil ? " (no key)" : " key#" + digest.hex)
    }
}

extension OpenAIChatProvider: HTTPModelProvider {
    package var endpoint: String { configuration.baseURL.trimmingSuffix("/") + "/chat/completions" }
    package var client: ModelHTTPClient { configuration.client }
    package var account: String { Self.accountIdentity(url: endpoint, key: configuration.apiKey) }
}

extension OpenAIResponsesProvider: HTTPModelProvider {
    package var endpoint: String { configuration.baseURL.trimmingSuffix("/") + "/responses" }
    package var client: ModelHTTPClient { configuration.client }
    package var account: String { Self.accountIdentity(url: endpoint, key: configuration.apiKey) }
}

extension AnthropicProvider: HTTPModelProvider {
    package var endpoint: String { configuration.baseURL.trimmingSuffix("/") + "/messages" }
    package var client: ModelHTTPClient { configuration.client }
    package var account: String { Self.accountIdentity(url: endpoint, key: configuration.apiKey) }
}

extension GeminiProvider: HTTPModelProvider {
    package var endpoint: String { configuration.url }
    package var client: ModelHTTPClient { configuration.client }
    package var account: String { Self.accountIdentity(url: endpoint, key: configuration.apiKey) }
}
