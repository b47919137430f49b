package import OffswitchCore

extension HTTPTransport {
    /// One model call, the same way for every adapter: posts `body`, turns a non-2xx answer into the adapter's
    /// classified error and a 2xx one into its output, and attaches the raw exchange to whichever comes out (a
    /// failure carries it to the transcript too).
    package func call(
        url: String, headers: [(String, String)], body: [UInt8],
        classify: (Response) -> ProviderError,
        decode: (Response) throws -> ModelOutput
    ) async throws -> ModelOutput {
        let response = try await post(url: url, headers: headers, body: body)
        let exchange = response.exchange(url: url, request: body)
        do {
            guard (200..<300).contains(response.status) else { throw classify(response) }
            var output = try decode(response)
            output.exchange = exchange
            output.rateLimit = RateLimitHeaders.status(of: response)
            return output
        } catch var error as ProviderError {
            error.exchange = exchange
            throw error
        }
    }
}
