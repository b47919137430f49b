import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The command records of every trial of `run`, by trial row id, each in the order it ran: what the original
    /// scorers (``OriginalScorer``) are derived from. Reads only the `command` events.
    ///
    /// - Parameter run: The run's id; an unknown run has none.
    /// - Returns: Command records per trial id; a trial that ran no command is absent.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when an event
    ///   cannot be decoded.
    public func commands(run: RunID) async throws -> [Int64: [CommandRecord]] {
        try await reading("could not read the commands of run \(run)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT event.trial_id, event.body FROM event JOIN trial ON trial.id = event.trial_id
                    WHERE trial.run_id = ? AND event.kind = 'command' ORDER BY event.trial_id, event.seq
                    """,
                arguments: [run.rawValue])
            var commands: [Int64: [CommandRecord]] = [:]
            for row in rows {
                let body: String = row[1]
                let event = try StoreJSON.decode(TranscriptEvent.self, from: body, column: "event.body")
                if case .command(let record) = event.kind { commands[row[0], default: []].append(record) }
            }
            return commands
        }
    }
}
