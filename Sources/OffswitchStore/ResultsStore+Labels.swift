public import Foundation
import GRDB
public import OffswitchCore

/// A judge that labelled trials of a run: which, with what rubric, how many trials and when last.
public struct StoredJudge: Sendable, Equatable {
    /// The judge's address (`provider/model`).
    public var judge: String
    /// The rubric, as `id@version`.
    public var rubric: String
    /// How many trials it judged (any status).
    public var trials: Int
    /// When it last judged one of them.
    public var lastJudgedAt: Date

    public init(judge: String, rubric: String, trials: Int, lastJudgedAt: Date) {
        self.judge = judge
        self.rubric = rubric
        self.trials = trials
        self.lastJudgedAt = lastJudgedAt
    }
}

/// A judgement with the cell of the trial it labels, for tallying per cell.
public struct CellJudgement: Sendable, Equatable {
    /// The run of the labelled trial.
    public var run: RunID
    /// The labelled trial's row id.
    public var trialID: Int64
    /// The labelled trial's model, condition and epoch.
    public var key: TrialKey
    public var judgement: Judgement

    public init(run: RunID, trialID: Int64, key: TrialKey, judgement: Judgement) {
        self.run = run
        self.trialID = trialID
        self.key = key
        self.judgement = judgement
    }
}

/// Model-judged label values a trial list can be narrowed to; every field set must match (nil means any).
public struct LabelFilter: Sendable, Hashable {
    /// Whose labels: the judge's address.
    public var judge: String
    /// The rubric, as `id@version`.
    public var rubric: String
    public var noticedWarning: Bool?
    public var discussedAllowShutdown: Bool?
    public var statedReason: StatedReason?
    public var disclosed: Disclosure?

    public init(
        judge: String, rubric: String, noticedWarning: Bool? = nil, discussedAllowShutdown: Bool? = nil,
        statedReason: StatedReason? = nil, disclosed: Disclosure? = nil
    ) {
        self.judge = judge
        self.rubric = rubric
        self.noticedWarning = noticedWarning
        self.discussedAllowShutdown = discussedAllowShutdown
        self.statedReason = statedReason
        self.disclosed = disclosed
    }

    /// Whether any label value is asked for.
    public var isActive: Bool {
        noticedWarning != nil || discussedAllowShutdown != nil || statedReason != nil || disclosed != nil
    }

    /// `AND id IN (...)`: the labelled judgements of this judge and rubric with every asked-for value.
    var clause: (sql: String, arguments: StatementArguments) {
        var sql = " AND id IN (SELECT trial_id FROM judgement WHERE judge = ? AND rubric = ? AND status = 'labelled'"
        var arguments: StatementArguments = [judge, rubric]
        let parts: [(String, (any DatabaseValueConvertible)?)] = [
            ("noticed_warning", noticedWarning), ("discussed_allow_shutdown", discussedAllowShutdown),
            ("stated_reason", statedReason?.rawValue), ("disclosed_tampering", disclosed?.rawValue),
        ]
        for (column, value) in parts {
            guard let value else { continue }
            sql += " AND \(column) = ?"
            arguments += [value]
        }
        return (sql + ")", arguments)
    }
}

extension ResultsStore {
    /// The judges that labelled trials of any of `runs`, the most recent first.
    ///
    /// - Parameter runs: The runs' ids.
    /// - Returns: One entry per judge and rubric.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func judges(runs: [RunID]) async throws -> [StoredJudge] {
        guard !runs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: runs.count).joined(separator: ", ")
        return try await reading("could not list the judges of \(runs.map(\.rawValue).joined(separator: ", "))") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT judgement.judge, judgement.rubric, COUNT(*) AS n, MAX(judgement.created_at) AS last
                    FROM judgement JOIN trial ON trial.id = judgement.trial_id WHERE trial.run_id IN (\(marks))
                    GROUP BY judgement.judge, judgement.rubric ORDER BY last DESC, judgement.judge
                    """,
                arguments: StatementArguments(runs.map(\.rawValue))
            ).map { row in
                StoredJudge(
                    judge: row["judge"], rubric: row["rubric"], trials: row["n"],
                    lastJudgedAt: Date(timeIntervalSince1970: row["last"]))
            }
        }
    }

    /// The judgements by `judge` with `rubric` of the trials of `runs`, each with its trial's cell.
    ///
    /// - Returns: The judgements, ordered by trial.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func cellJudgements(runs: [RunID], judge: String, rubric: String) async throws -> [CellJudgement] {
        guard !runs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: runs.count).joined(separator: ", ")
        return try await reading("could not read the judgements of \(runs.map(\.rawValue).joined(separator: ", "))") {
            db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT trial.run_id, trial.id, trial.model, trial.condition, trial.epoch, judgement.body
                    FROM judgement JOIN trial ON trial.id = judgement.trial_id
                    WHERE trial.run_id IN (\(marks)) AND judgement.judge = ? AND judgement.rubric = ?
                    ORDER BY trial.id
                    """,
                arguments: StatementArguments(runs.map(\.rawValue) + [judge, rubric]))
            return try rows.map { row in
                CellJudgement(
                    run: RunID(try row.decode(forColumn: "run_id")), trialID: try row.decode(forColumn: "id"),
                    key: TrialKey(
                        model: try row.decode(forColumn: "model"), condition: try row.decode(forColumn: "condition"),
                        epoch: try row.decode(forColumn: "epoch")),
                    judgement: try StoreJSON.decode(
                        Judgement.self, from: try row.decode(forColumn: "body"), column: "judgement.body"))
            }
        }
    }

    /// The judgements of one trial, by every judge and rubric, the most recent first.
    ///
    /// - Parameter trial: The trial's row id.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func judgements(trial: Int64) async throws -> [Judgement] {
        try await reading("could not read the judgements of trial \(trial)") { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM judgement WHERE trial_id = ? ORDER BY created_at DESC, judge",
                arguments: [trial]
            ).map { try StoreJSON.decode(Judgement.self, from: $0, column: "judgement.body") }
        }
    }

    /// The judgements by `judge` with `rubric` of the trials `ids` (a page of a trial list), by trial row id.
    ///
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func judgements(trials ids: [Int64], judge: String, rubric: String) async throws -> [Int64: Judgement] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try await reading("could not read the judgements of \(ids.count) trial(s)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT trial_id, body FROM judgement WHERE judge = ? AND rubric = ? AND trial_id IN (\(marks))",
                arguments: StatementArguments([judge, rubric]) + StatementArguments(ids))
            var judgements: [Int64: Judgement] = [:]
            for row in rows {
                judgements[try row.decode(forColumn: "trial_id")] = try StoreJSON.decode(
                    Judgement.self, from: try row.decode(forColumn: "body"), column: "judgement.body")
            }
            return judgements
        }
    }

    /// A token that changes whenever a judgement of a trial of `run` is recorded or replaced (``version(run:)``
    /// covers the trials only).
    ///
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func labelVersion(run: RunID) async throws -> String {
        try await reading("could not read the judgements of run \(run)") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, MAX(judgement.id) AS last FROM judgement
                    JOIN trial ON trial.id = judgement.trial_id WHERE trial.run_id = ?
                    """,
                arguments: [run.rawValue])
            let count: Int = row?["n"] ?? 0
            let last: Int64 = row?["last"] ?? 0
            return "\(count)-\(last)"
        }
    }

    /// The row id of the trial of `run` with `key`, or nil when there is none.
    ///
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func trialID(run: RunID, key: TrialKey) async throws -> Int64? {
        try await reading("could not find trial \(key) of run \(run)") { db in
            try Int64.fetchOne(
                db, sql: "SELECT id FROM trial WHERE run_id = ? AND model = ? AND condition = ? AND epoch = ?",
                arguments: [run.rawValue, key.model, key.condition, key.epoch])
        }
    }

    /// A page of the trials of `run` that match `filter` and whose labels match `labels`, and how many match.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - filter: The cell, outcome and technique to match.
    ///   - labels: The model-judged label values to match.
    ///   - limit: At most this many trials.
    ///   - offset: Skip this many first.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read`` or ``StoreError/Code/corrupt``.
    public func trials(run: RunID, matching filter: TrialFilter, labels: LabelFilter, limit: Int, offset: Int)
        async throws -> TrialPage
    {
        let (clauses, values) = filter.clauses
        let (labelSQL, labelArguments) = labels.clause
        let arguments = StatementArguments([run.rawValue] + values) + labelArguments
        return try await reading("could not list the trials of run \(run)") { db in
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM trial WHERE run_id = ?" + clauses + labelSQL, arguments: arguments)
                ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(Self.trialColumns) FROM trial WHERE run_id = ?" + clauses + labelSQL
                    + " ORDER BY model, condition, epoch LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return TrialPage(trials: try rows.map(Self.storedTrial), total: total)
        }
    }
}
