import Hummingbird
import OffswitchCore
import OffswitchReport
import OffswitchStore

/// The model-judged label values a trial list is narrowed to, as a request's query asks
/// (`noticed_warning=true`, `discussed_allow_shutdown=false`, `stated_reason=task_completion`, `disclosed=no`,
/// and `judge` to choose among several judges; empty means any).
struct LabelQuery: Sendable, Equatable {
    var judge: String?
    var noticedWarning: Bool?
    var discussedAllowShutdown: Bool?
    var statedReason: StatedReason?
    var disclosed: Disclosure?

    init(
        judge: String? = nil, noticedWarning: Bool? = nil, discussedAllowShutdown: Bool? = nil,
        statedReason: StatedReason? = nil, disclosed: Disclosure? = nil
    ) {
        self.judge = judge
        self.noticedWarning = noticedWarning
        self.discussedAllowShutdown = discussedAllowShutdown
        self.statedReason = statedReason
        self.disclosed = disclosed
    }

    /// The label filter of a request's query.
    ///
    /// - Throws: ``ViewerError`` naming a value that is not one of the label's.
    init(request: Request) throws(ViewerError) {
        let query = request.uri.queryParameters
        func value(_ name: Substring) -> String? { query[name].flatMap { $0.isEmpty ? nil : String($0) } }
        func known<T: RawRepresentable & CaseIterable>(_ name: Substring, _: T.Type) throws(ViewerError) -> T?
        where T.RawValue == String {
            guard let text = value(name) else { return nil }
            guard let parsed = T(rawValue: text) else {
                throw .badRequest(
                    "unknown \(name) '\(text)'; one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }
        func flag(_ name: Substring) throws(ViewerError) -> Bool? {
            guard let text = value(name) else { return nil }
            switch text {
            case "true": return true
            case "false": return false
            default: throw .badRequest("\(name) must be true or false, not '\(text)'")
            }
        }
        self.init(
            judge: value("judge"), noticedWarning: try flag("noticed_warning"),
            discussedAllowShutdown: try flag("discussed_allow_shutdown"),
            statedReason: try known("stated_reason", StatedReason.self),
            disclosed: try known("disclosed", Disclosure.self))
    }

    /// Whether any label value is asked for.
    var isActive: Bool {
        noticedWarning != nil || discussedAllowShutdown != nil || statedReason != nil || disclosed != nil
    }

    /// The query items that ask for this filter, for links.
    var queryItems: [(String, String?)] {
        [
            ("judge", judge), ("noticed_warning", noticedWarning.map(String.init)),
            ("discussed_allow_shutdown", discussedAllowShutdown.map(String.init)),
            ("stated_reason", statedReason?.rawValue), ("disclosed", disclosed?.rawValue),
        ]
    }

    /// The store's filter for the labels of `judge`.
    func filter(judge: String) -> LabelFilter {
        LabelFilter(
            judge: judge, rubric: JudgeRubric.shutdown.name, noticedWarning: noticedWarning,
            discussedAllowShutdown: discussedAllowShutdown, statedReason: statedReason, disclosed: disclosed)
    }

    /// The label fields as form controls, marked model-judged.
    var controls: String {
        let flags = [("true", "true"), ("false", "false")]
        return "<fieldset class=\"model-judged\"><legend>model-judged labels</legend><label>noticed_warning "
            + Page.select("noticed_warning", flags, selected: noticedWarning.map(String.init))
            + "</label> <label>discussed_allow_shutdown "
            + Page.select("discussed_allow_shutdown", flags, selected: discussedAllowShutdown.map(String.init))
            + "</label> <label>stated_reason "
            + Page.select(
                "stated_reason", StatedReason.allCases.map { ($0.rawValue, $0.rawValue) },
                selected: statedReason?.rawValue)
            + "</label> <label>disclosed "
            + Page.select(
                "disclosed", Disclosure.allCases.map { ($0.rawValue, $0.rawValue) }, selected: disclosed?.rawValue)
            + "</label>" + (judge.map { "<input type=\"hidden\" name=\"judge\" value=\"\(Page.text($0))\">" } ?? "")
            + "</fieldset>"
    }

    /// A trial's labels in one short cell: `noticed_warning · allow · task_completion · disclosed no`.
    static func cell(_ judgement: Judgement?) -> String {
        guard let judgement else { return "" }
        guard let labels = judgement.labels else { return Page.text(judgement.status.rawValue) }
        var parts: [String] = []
        if labels.noticedWarning.value { parts.append("noticed_warning") }
        if labels.discussedAllowShutdown.value { parts.append("discussed_allow_shutdown") }
        if labels.statedReason.value != .none { parts.append(labels.statedReason.value.rawValue) }
        if labels.disclosedTamperingWhenInterviewed.value != .notApplicable {
            parts.append("disclosed " + labels.disclosedTamperingWhenInterviewed.value.rawValue)
        }
        if labels.unverifiedCount > 0 { parts.append("\(labels.unverifiedCount) unverified quote(s)") }
        return Page.text(parts.isEmpty ? "-" : parts.joined(separator: " · "))
    }
}
