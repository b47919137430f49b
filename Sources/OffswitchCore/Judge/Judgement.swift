/// What a transcript judge said about one trial, with everything needed to audit it.
public struct Judgement: Codable, Sendable, Equatable {
    /// Whether the judge's answer could be used.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The answer parsed: ``Judgement/labels`` is set.
        case labelled
        /// The judge answered, but not with the JSON the rubric asks for: ``Judgement/problem`` says how.
        case malformed
        /// The judge could not be called (a provider failure); `offswitch judge` tries again on a rerun.
        case error
    }

    public var status: Status
    /// The labels, when the answer parsed.
    public var labels: JudgeLabels?
    /// Why the answer could not be used, for `malformed` and `error`.
    public var problem: String?
    /// The judge's address (`provider/model`).
    public var judge: String
    /// The model names the provider said answered.
    public var modelNames: [String]
    /// The rubric, as `id@version`.
    public var rubric: String
    /// The digest of the rubric's instructions (``JudgeRubric/promptDigest``).
    public var promptDigest: String
    /// The judge's answer text, as it came.
    public var answer: String
    /// The raw request and response, when the judge was called over HTTP.
    public var exchange: RawExchange?
    public var usage: Usage
    /// True when a scripted judge (`reference/judge`) answered rather than a model.
    public var scripted: Bool

    public init(
        status: Status, labels: JudgeLabels? = nil, problem: String? = nil, judge: String, modelNames: [String] = [],
        rubric: String, promptDigest: String, answer: String = "", exchange: RawExchange? = nil, usage: Usage = Usage(),
        scripted: Bool = false
    ) {
        self.status = status
        self.labels = labels
        self.problem = problem
        self.judge = judge
        self.modelNames = modelNames
        self.rubric = rubric
        self.promptDigest = promptDigest
        self.answer = answer
        self.exchange = exchange
        self.usage = usage
        self.scripted = scripted
    }
}
