import NIOHTTP1
package import OffswitchCore

/// Whether a model's endpoint can be reached at all, checked once before a run starts any trial.
///
/// The check is one GET of the endpoint without key or body: it costs no tokens, and any HTTP answer (a 404 or
/// 405 is usual for a GET there) means something is listening. A refused connection, a host that does not
/// resolve, a TLS failure, a malformed URL or no connection within the connect timeout fails the check, so that
/// a dead endpoint is one clear line at the start rather than every trial erroring one by one.
package enum EndpointCheck {
    /// A model whose endpoint failed the check.
    package struct Failure: Sendable {
        /// The model's address (`vllm/llama`).
        package var address: String
        /// The endpoint checked.
        package var endpoint: String
        /// Why it cannot be reached (`.connectionRefused`, `.hostNotFound`, `.tlsFailure`, `.invalidURL`, `.network`).
        package var error: ProviderError
    }

    /// Checks `endpoint` through `client`.
    /// - Parameters:
    ///   - endpoint: The URL the model's calls go to.
    ///   - client: The client the calls go through (its connect timeout bounds the check's connection).
    ///   - timeout: How long to wait for an answer once the GET was sent; silence that long still counts as
    ///     reachable (something accepted the request), since it is the run's requests that matter.
    /// - Throws: The classified `ProviderError` when the endpoint cannot be reached; `CancellationError`.
    package static func check(_ endpoint: String, client: ModelHTTPClient, timeout: Duration = .seconds(10))
        async throws
    {
        let transport = HTTPTransport(
            configuration: HTTPTransport.Configuration(timeout: timeout, maximumResponseBytes: 1 << 20), client: client)
        do {
            _ = try await transport.send(method: .GET, url: endpoint, headers: [], body: nil)
        } catch let error as ProviderError {
            // Sent and then slow or large: the endpoint is there.
            guard error.code == .timeout || error.code == .answerTooLarge else { throw error }
        }
    }

    /// Checks every distinct endpoint of `providers` once, all at once, and returns those that failed, in the
    /// order of `providers`.
    /// - Parameter providers: The models of a run; only HTTP ones are checked (reference agents have no endpoint).
    package static func failures(of providers: [any HTTPModelProvider]) async -> [Failure] {
        var firstOf: [String: String] = [:]  // endpoint -> the address it is first named for
        for provider in providers where firstOf[provider.endpoint] == nil {
            firstOf[provider.endpoint] = provider.address
        }
        let distinct = providers.filter { firstOf[$0.endpoint] == $0.address }
        let found = await withTaskGroup(of: (Int, ProviderError?).self) { group in
            for (index, provider) in distinct.enumerated() {
                let endpoint = provider.endpoint
                let client = provider.client
                group.addTask {
                    do {
                        try await check(endpoint, client: client)
                        return (index, nil)
                    } catch let error as ProviderError {
                        return (index, error)
                    } catch {
                        return (index, nil)  // cancelled: the run stops anyway
                    }
                }
            }
            var errors: [Int: ProviderError] = [:]
            for await (index, error) in group { errors[index] = error }
            return errors
        }
        return distinct.enumerated().compactMap { index, provider in
            found[index].map { Failure(address: provider.address, endpoint: provider.endpoint, error: $0) }
        }
    }
}
