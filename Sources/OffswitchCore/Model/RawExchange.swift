/// One HTTP exchange with a provider as it went over the wire, kept with the trial.
///
/// Only bodies are kept: keys travel in headers, which are never stored, and the URL loses its query.
public struct RawExchange: Codable, Sendable, Equatable {
    /// The endpoint, without its query.
    public var url: String
    /// The HTTP status of the answer.
    public var status: Int
    /// The request body as sent.
    public var request: String
    /// The response body as received.
    public var response: String

    public init(url: String, status: Int, request: String, response: String) {
        self.url = url
        self.status = status
        self.request = request
        self.response = response
    }
}
