import Foundation
package import OffswitchCore

extension ProviderError {
    /// Classifies an HTTP error answer, as every adapter does: the engine then decides to retry, record or abort.
    ///
    /// 429 becomes `.rateLimited` with `retryAfter` (or `.quotaExceeded` when the account is out of credit),
    /// 5xx and Anthropic's 529 `.server`, 401/403 `.invalidKey`, 404 `.unknownModel`, a 4xx saying the prompt
    /// is too long `.contextLength`, any other 4xx `.badRequest`.
    /// - Parameters:
    ///   - status: The HTTP status (or the numeric code of an error inside a 200 body).
    ///   - retryAfterHeader: The `Retry-After` header, seconds or an HTTP date.
    ///   - body: The answer's body; its `error.message` goes into the message.
    ///   - provider: Who answered, for the message.
    ///   - keyVariable: The environment variable the key came from, named when the key is rejected.
    package static func classify(
        status: Int, retryAfterHeader: String?, body: [UInt8], provider: String, keyVariable: String?
    ) -> ProviderError {
        let detail = ErrorDetail(body: body)
        let said = detail.message.map { ": \($0)" } ?? ""
        let lowered = ((detail.message ?? "") + " " + (detail.code ?? "")).lowercased()
        switch status {
        case 429:
            if lowered.contains("insufficient_quota") || lowered.contains("exceeded your current quota")
                || lowered.contains("credit")
            {
                return ProviderError(.quotaExceeded, "\(provider): out of quota or credit (HTTP 429)\(said)")
            }
            return ProviderError(
                .rateLimited, "\(provider): rate limited (HTTP 429)\(said)",
                retryAfter: retryAfterHeader.flatMap { parseRetryAfter($0) })
        case 401, 403:
            let fix = keyVariable.map { "; check \($0)" } ?? ""
            return ProviderError(.invalidKey, "\(provider): the API key was rejected (HTTP \(status))\(said)\(fix)")
        case 404:
            return ProviderError(.unknownModel, "\(provider): not found (HTTP 404)\(said)")
        case 500...599:
            return ProviderError(
                .server, "\(provider): server error (HTTP \(status))\(said)",
                retryAfter: retryAfterHeader.flatMap { parseRetryAfter($0) })
        case 400...499 where isContextLength(lowered):
            return ProviderError(.contextLength, "\(provider): the conversation exceeds the model's context\(said)")
        default:
            return ProviderError(.badRequest, "\(provider): request rejected (HTTP \(status))\(said)")
        }
    }

    /// The status an error `code` inside a 200 answer stands for: the code when it is an HTTP error status
    /// (a number or numeric string in 400...599, exactly), 500 for anything else, `1e300` included.
    package static func embeddedStatus(_ code: JSONValue) -> Int {
        guard let (status, exact) = WireNumber(json: code).value(in: 400...599), exact else { return 500 }
        return status
    }

    /// A body that is not the JSON the adapter expected.
    package static func malformed(_ body: [UInt8], provider: String, underlying: (any Error)?) -> ProviderError {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return ProviderError(
            .malformed, "\(provider): the answer is not the expected JSON: \(text.debugDescription)",
            underlying: underlying)
    }

    /// Whether an error message says the prompt no longer fits (OpenAI, Anthropic, Gemini, vLLM wordings).
    package static func isContextLength(_ lowered: String) -> Bool {
        let phrases = [
            "context_length_exceeded", "context length", "context window", "maximum context", "prompt is too long",
            "too many tokens", "input token count", "exceeds the maximum number of tokens", "reduce the length",
        ]
        return phrases.contains { lowered.contains($0) }
    }
}

/// The message and code of a provider's error body, whichever of the usual shapes it has:
/// `{"error": {"message", "code"|"type"|"status"}}`, `{"error": "..."}`, `{"message": "..."}`, `{"detail": "..."}`.
package struct ErrorDetail: Sendable {
    package var message: String?
    package var code: String?

    package init(body: [UInt8]) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            // Not JSON (a proxy's HTML page): keep its start as the message.
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            self.init(message: text.isEmpty ? nil : text, code: nil)
            return
        }
        self.init(json: json)
    }

    package init(message: String?, code: String?) {
        self.message = message
        self.code = code
    }

    package init(json: JSONValue) {
        let error = json["error"] ?? json
        message = (error["message"] ?? error["detail"] ?? json["message"] ?? json["detail"])?.string ?? error.string
        let codeValue = error["code"] ?? error["type"] ?? error["status"]
        // A numeric code is described, never converted: `1e300` is a code no integer holds.
        code = codeValue?.string ?? codeValue.flatMap { $0.number == nil ? nil : WireNumber(json: $0).description }
        if let type = error["type"]?.string, type != code {
            code = [code, type].compactMap { $0 }.joined(separator: " ")
        }
        if let text = message, text.count > 500 { message = String(text.prefix(500)) + "..." }
    }
}
