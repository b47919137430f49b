import OffswitchCore
import OffswitchStore
import Testing

/// How every command turns its RUN argument into a stored run.
@Suite("Selecting a stored run by name")
struct RunSelectionTests {
    static func run(_ id: String) -> StoredRun {
        StoredRun(id: RunID(id), createdAt: 0, configuration: Fixtures.configuration(), trialCount: 0)
    }

    // Newest first, as the store lists them; "run-a" is also a prefix of "run-ab".
    static let stored = [run("run-ab"), run("run-a"), run("run-b1"), run("other")]

    @Test("no name is the newest; an exact id wins over a longer id it prefixes; a unique prefix is enough")
    func found() throws {
        #expect(try StoredRun.select(nil, among: Self.stored).id.rawValue == "run-ab")
        #expect(try StoredRun.select("run-a", among: Self.stored).id.rawValue == "run-a")
        #expect(try StoredRun.select("run-b", among: Self.stored).id.rawValue == "run-b1")
        #expect(try StoredRun.select("oth", among: Self.stored).id.rawValue == "other")
    }

    @Test("an empty store, an unknown name and an ambiguous prefix are errors saying so")
    func errors() {
        let empty = #expect(throws: RunSelectionError.self) { try StoredRun.select(nil, among: []) }
        #expect(empty?.storeIsEmpty == true && empty?.message.contains("offswitch run") == true)
        let unknown = #expect(throws: RunSelectionError.self) { try StoredRun.select("nope", among: Self.stored) }
        #expect(unknown?.storeIsEmpty == false)
        #expect(unknown?.message == "no run 'nope' in the results store (newest: run-ab, run-a, run-b1, other)")
        let ambiguous = #expect(throws: RunSelectionError.self) { try StoredRun.select("run", among: Self.stored) }
        #expect(ambiguous?.message == "'run' matches 3 runs; give more of the run id, or its label")
    }
}
