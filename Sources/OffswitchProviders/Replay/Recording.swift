public import OffswitchCore

/// A recorded tool call: the tool's name and what it was asked to do.
public struct RecordedCall: Sendable, Equatable {
    /// The call's id in the recording, when it had one.
    public var id: String?
    /// The tool the recording called (`thoughtful_bash`, `bash`, `bash_tool`, `submit`, ...).
    public var name: String
    /// The arguments as JSON text, exactly as recorded (they may be malformed: a model wrote them).
    public var arguments: String
    /// The command (`cmd`, else `command`), when the arguments are an object that has one as a string.
    public var command: String?
    /// The `thoughts` argument, when recorded.
    public var thoughts: String?
    /// The `answer` argument of a submit, when recorded.
    public var answer: String?
}

/// One recorded assistant turn: its text, its reasoning and its tool calls, in order.
public struct RecordedTurn: Sendable, Equatable {
    public var content: String
    public var reasoning: String?
    public var calls: [RecordedCall]
}

/// One recorded trial: the condition it ran, the model that played it, its assistant turns and its label.
public struct RecordedTrial: Sendable, Equatable {
    /// The condition id the recording names; nil when it names none (an Inspect log written elsewhere), in which
    /// case it plays in any condition.
    public var condition: String?
    /// The recorded assistant turns, in order.
    public var turns: [RecordedTurn]
    /// What the recording said of the trial.
    public var label: RecordedLabel
}

/// A recording to replay: every recorded trial of a JSON-lines export or an Inspect `.eval` log, in file order.
public struct Recording: Sendable, Equatable {
    /// The bounds a recording is read within: past them it is refused with one line, not read into memory.
    public enum Limits {
        /// The largest file read (a JSON-lines file; an `.eval` archive's members have their own bound).
        public static let fileBytes = 512 << 20
        /// The largest JSON line or `.eval` member (uncompressed).
        public static let memberBytes = 64 << 20
        /// The most uncompressed bytes read from one `.eval` archive.
        public static let archiveBytes = 1 << 30
        /// The most recorded trials.
        public static let trials = 100_000
        /// The most assistant turns of one trial.
        public static let turns = 10_000
        /// The most tool calls of one turn.
        public static let callsPerTurn = 1_000
    }

    /// The recorded trials, in the order the file holds them.
    public var trials: [RecordedTrial]

    public init(trials: [RecordedTrial]) { self.trials = trials }

    /// The trials that play in `condition`: those recorded under its id, and those that name no condition.
    public func trials(for condition: String) -> [RecordedTrial] {
        trials.filter { $0.condition == nil || $0.condition == condition }
    }

    /// The condition ids the recording names, in the order they first appear.
    public var conditions: [String] {
        var seen: [String] = []
        for trial in trials { if let id = trial.condition, !seen.contains(id) { seen.append(id) } }
        return seen
    }

    /// Reads the recording at `path`: an Inspect `.eval` log (a ZIP archive) or JSON lines.
    ///
    /// - Parameter path: The file.
    /// - Returns: The recording, with at least one trial.
    /// - Throws: ``ReplayError`` naming the file and what is wrong with it.
    public static func load(path: String) throws -> Recording {
        let bytes = try RecordingFile.read(path)
        let recording =
            bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4b, 0x05, 0x06])
            ? try EvalRecordingReader.read(path: path) : try JSONLinesRecordingReader.parse(bytes, file: path)
        guard !recording.trials.isEmpty else {
            throw ReplayError(
                "\(path): no recorded trial in the file; give an offswitch JSON-lines export or an Inspect .eval log")
        }
        return recording
    }
}
