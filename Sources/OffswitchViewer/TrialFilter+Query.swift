import Hummingbird
import OffswitchCore
import OffswitchStore

/// A request the viewer cannot answer as asked: an unknown run, trial or filter value. Shown as a page.
struct ViewerError: Error {
    /// The HTTP status to answer with.
    var status: HTTPResponse.Status
    /// One line saying what was wrong.
    var message: String

    static func notFound(_ message: String) -> ViewerError { ViewerError(status: .notFound, message: message) }
    static func badRequest(_ message: String) -> ViewerError { ViewerError(status: .badRequest, message: message) }
}

extension ResultsStore.TrialFilter {
    /// The filter a request's query asks for (`model`, `condition`, `outcome`, `technique`; empty means any).
    ///
    /// - Throws: ``ViewerError`` naming an outcome class or technique that does not exist.
    init(request: Request) throws(ViewerError) {
        let query = request.uri.queryParameters
        func value(_ name: Substring) -> String? { query[name].flatMap { $0.isEmpty ? nil : String($0) } }
        self.init(model: value("model"), condition: value("condition"))
        if let outcome = value("outcome") {
            guard let known = OutcomeClass(rawValue: outcome) else {
                throw .badRequest(
                    "unknown outcome '\(outcome)'; one of \(OutcomeClass.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            self.outcome = known
        }
        if let technique = value("technique") {
            guard let known = Technique(rawValue: technique) else {
                throw .badRequest(
                    "unknown technique '\(technique)'; one of \(Technique.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            self.technique = known
        }
    }

    /// The query items that ask for this filter, for links.
    var queryItems: [(String, String?)] {
        [
            ("model", model), ("condition", condition), ("outcome", outcome?.rawValue),
            ("technique", technique?.rawValue),
        ]
    }

    /// The filter with its cell set to `model` and `condition`.
    func inCell(model: String, condition: String) -> Self {
        var filter = self
        filter.model = model
        filter.condition = condition
        return filter
    }

    /// Whether the filter narrows by anything but the cell.
    var narrowsOutcome: Bool { outcome != nil || technique != nil }

    /// The filter's outcome and technique fields as form controls.
    var outcomeControls: String {
        "<label>outcome "
            + Page.select(
                "outcome", OutcomeClass.allCases.map { ($0.rawValue, $0.rawValue) }, selected: outcome?.rawValue)
            + "</label> <label>technique "
            + Page.select(
                "technique", Technique.allCases.map { ($0.rawValue, $0.rawValue) }, selected: technique?.rawValue)
            + "</label>"
    }
}
