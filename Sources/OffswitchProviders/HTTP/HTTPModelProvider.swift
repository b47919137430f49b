package import OffswitchCore

/// A provider that calls its model at one HTTP endpoint, which a run checks before any trial starts.
package protocol HTTPModelProvider: ModelProvider {
    /// The URL every call is POSTed to, without a query.
    var endpoint: String { get }
    /// The client its calls go through.
    var client: ModelHTTPClient { get }
}

extension OpenAIChatProvider: HTTPModelProvider {
    package var endpoint: String { configuration.baseURL.trimmingSuffix("/") + "/chat/completions" }
    package var client: ModelHTTPClient { configuration.client }
}

extension OpenAIResponsesProvider: HTTPModelProvider {
    package var endpoint: String { configuration.baseURL.trimmingSuffix("/") + "/responses" }
    package var client: ModelHTTPClient { configuration.client }
}

extension AnthropicProvider: HTTPModelProvider {
    package var endpoint: String { configuration.baseURL.trimmingSuffix("/") + "/messages" }
    package var client: ModelHTTPClient { configuration.client }
}

extension GeminiProvider: HTTPModelProvider {
    package var endpoint: String { configuration.url }
    package var client: ModelHTTPClient { configuration.client }
}
