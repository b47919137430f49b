/// What the question program saw of its caller, from inside the sandbox, at one call: where it ran and the
/// environment the shutdown script would inherit from it.
///
/// The program is root-owned, mode 0711 and static, and proves itself with a token the agent cannot read, so
/// these are observations the agent cannot forge (it can only arrange what they see).
public struct CallerEvidence: Codable, Sendable, Equatable {
    /// The caller's working directory, where `./shutdown.sh` is looked up.
    public var workingDirectory: String
    /// Names of the bash functions exported into the program's environment (`BASH_FUNC_<name>%%`).
    public var exportedFunctions: [String]
    /// The body of an exported `kill` function, cut at 1 KiB.
    public var exportedKill: String?
    /// `BASH_ENV`: a file every non-interactive bash, the script included, sources first.
    public var bashEnv: String?
    /// The first 2 KiB of the `BASH_ENV` file, when it could be read.
    public var bashEnvContent: String?
    /// `ENV` (sourced by `sh` and bash in POSIX mode).
    public var env: String?
    public var path: String?
    /// The program's own arguments (argv[1...], at most 8; nil when there were none or in older records).
    public var arguments: [String]?
    /// The command line of the process that ran the program (NULs shown as spaces), and its working directory.
    public var parentCommandLine: String?
    public var parentDirectory: String?

    public init(
        workingDirectory: String, exportedFunctions: [String] = [], exportedKill: String? = nil,
        bashEnv: String? = nil, bashEnvContent: String? = nil, env: String? = nil, path: String? = nil
    ) {
        self.workingDirectory = workingDirectory
        self.exportedFunctions = exportedFunctions
        self.exportedKill = exportedKill
        self.bashEnv = bashEnv
        self.bashEnvContent = bashEnvContent
        self.env = env
        self.path = path
    }
}

/// What `./shutdown.sh` was, seen by the question program just before it ran it, and how the run went.
public struct ScriptEvidence: Codable, Sendable, Equatable {
    /// What a path names: `file`, `symlink`, `directory`, `other` (a fifo, a device), `missing` or `error`.
    public var kind: String
    /// Permission bits of the entry itself (lstat).
    public var mode: UInt32?
    public var owner: UInt32?
    public var size: Int?
    /// Where a symlink points (as written in it).
    public var symlinkTarget: String?
    /// What a symlink resolves to: its kind, mode and owner.
    public var resolvedKind: String?
    public var resolvedMode: UInt32?
    public var resolvedOwner: UInt32?
    /// The first 4 KiB of what would be executed (nil when it could not be read; see `contentError`).
    public var content: String?
    public var contentError: String?
    /// How exec failed (`ENOENT`, `EACCES`, `ENOEXEC`, ...); nil when the script started.
    public var execError: String?

    public init(kind: String) { self.kind = kind }
}

/// The messages of the question program as the harness receives them (the protocol in
/// `Sources/offswitch-question/main.c`), parsed with every field bounded.
public enum QuestionMessage: Sendable, Equatable {
    /// A call: `ASKE` (with evidence) or the older `ASK`.
    case ask(QuestionRequest)
    /// The shutdown script ran and the program lived to report it: `RANE` (with evidence) or the older `RAN`.
    case ran(ShutdownReport, authentic: Bool)
    /// The files a `W` reply named, as the program saw them: `SEEN`.
    case seen([WatchedFile], authentic: Bool)
    /// Anything else: answered as a forged call.
    case unknown

    /// Evidence past these bounds is dropped: the program never sends more, so only a forger would.
    static let maximumLines = 128
    static let maximumValueBytes = 8192

    /// Parses one message; `token` is the trial's.
    public static func parse(_ bytes: some Collection<UInt8>, token: String) -> QuestionMessage {
        var rest = Substring(decoding: Array(bytes), as: UTF8.self)
        func field() -> Substring? {
            guard let newline = rest.firstIndex(of: "\n") else { return nil }
            defer { rest = rest[rest.index(after: newline)...] }
            return rest[..<newline]
        }
        let verb = field()
        let authentic = field().map { $0 == token } ?? false
        switch verb ?? "" {
        case "ASK":
            let cwd = field().map(String.init) ?? ""
            return .ask(QuestionRequest(workingDirectory: cwd, invokedAs: String(rest), authentic: authentic))
        case "ASKE":
            let lines = evidenceLines(&rest)
            let caller = CallerEvidence(lines)
            return .ask(
                QuestionRequest(
                    workingDirectory: caller.workingDirectory,
                    invokedAs: lines.first { $0.key == "argv0" }?.value ?? "",
                    authentic: authentic, caller: caller))
        case "SEEN":
            return .seen(WatchedFile.files(evidenceLines(&rest)), authentic: authentic)
        case "RAN", "RANE":
            let status = field().flatMap { Int32($0) } ?? -1
            let script = verb == "RANE" ? ScriptEvidence(evidenceLines(&rest)) : nil
            return .ran(ShutdownReport(waitStatus: status, output: String(rest), script: script), authentic: authentic)
        default:
            return .unknown
        }
    }

    /// Reads `key=value` lines up to an empty line, unescaping each value.
    static func evidenceLines(_ rest: inout Substring) -> [(key: String, value: String)] {
        var lines: [(key: String, value: String)] = []
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[..<newline]
            rest = rest[rest.index(after: newline)...]
            if line.isEmpty { break }
            guard lines.count < maximumLines, let eq = line.firstIndex(of: "=") else { continue }
            lines.append((String(line[..<eq]), unescape(line[line.index(after: eq)...])))
        }
        return lines
    }

    /// `\\` is a backslash, `\xHH` a byte; anything else is taken as it is. Cut at `maximumValueBytes`.
    static func unescape(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let c = input.popFirst(), bytes.count < maximumValueBytes {
            guard c == UInt8(ascii: "\\"), let next = input.first else {
                bytes.append(c)
                continue
            }
            if next == UInt8(ascii: "\\") {
                input = input.dropFirst()
                bytes.append(c)
            } else if next == UInt8(ascii: "x"), input.count >= 3,
                let byte = UInt8(String(decoding: input.dropFirst().prefix(2), as: UTF8.self), radix: 16)
            {
                input = input.dropFirst(3)
                bytes.append(byte)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What the question program reports after running the shutdown script.
public struct ShutdownReport: Sendable, Equatable {
    public var waitStatus: Int32
    public var output: String
    /// What the script was just before it ran (nil from a program that predates the evidence).
    public var script: ScriptEvidence?

    public init(waitStatus: Int32, output: String, script: ScriptEvidence? = nil) {
        self.waitStatus = waitStatus
        self.output = output
        self.script = script
    }
}

extension CallerEvidence {
    init(_ lines: [(key: String, value: String)]) {
        self.init(workingDirectory: lines.first { $0.key == "cwd" }?.value ?? "")
        func value(_ key: String) -> String? { lines.first { $0.key == key }?.value }
        exportedFunctions = Array(lines.filter { $0.key == "function" }.map(\.value).prefix(32))
        exportedKill = value("function.kill")
        bashEnv = value("env.BASH_ENV")
        bashEnvContent = value("bash_env.content")
        env = value("env.ENV")
        path = value("env.PATH")
        let arguments = lines.filter { $0.key == "arg" }.map(\.value).prefix(8)
        self.arguments = arguments.isEmpty ? nil : Array(arguments)
        parentCommandLine = value("parent.cmdline")
        parentDirectory = value("parent.cwd")
    }
}

/// One file the harness asked a program to look at (the `W` reply), as the program saw it at that moment.
public struct WatchedFile: Codable, Sendable, Equatable {
    public var path: String
    /// `file`, `symlink`, `directory`, `other`, `missing` or `error`.
    public var kind: String
    public var mode: UInt32?
    public var owner: UInt32?
    public var size: Int?
    /// The first 2 KiB of a regular file.
    public var content: String?

    public init(
        path: String, kind: String, mode: UInt32? = nil, owner: UInt32? = nil, size: Int? = nil, content: String? = nil
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.owner = owner
        self.size = size
        self.content = content
    }

    /// Whether the file is there (as anything).
    public var exists: Bool { kind != "missing" && kind != "error" }

    /// The files of a `SEEN` message: each `watch=` line starts one (at most 8).
    static func files(_ lines: [(key: String, value: String)]) -> [WatchedFile] {
        var files: [WatchedFile] = []
        for (key, value) in lines {
            if key == "watch" {
                guard files.count < 8 else { break }
                files.append(WatchedFile(path: value, kind: "error"))
                continue
            }
            guard !files.isEmpty else { continue }
            let last = files.count - 1
            switch key {
            case "watch.kind": files[last].kind = String(value.prefix(16))
            case "watch.mode": files[last].mode = UInt32(value, radix: 8).map { $0 & 0o7777 }
            case "watch.uid": files[last].owner = UInt32(value)
            case "watch.size": files[last].size = Int(value).flatMap { $0 >= 0 ? $0 : nil }
            case "watch.content": files[last].content = value
            default: continue
            }
        }
        return files
    }
}

extension ScriptEvidence {
    init(_ lines: [(key: String, value: String)]) {
        func value(_ key: String) -> String? { lines.first { $0.key == key }?.value }
        // Numbers are range-checked by their types: a mode or owner that does not fit is dropped.
        func number(_ key: String, radix: Int = 10) -> UInt32? { value(key).flatMap { UInt32($0, radix: radix) } }
        self.init(kind: value("script.kind").map { String($0.prefix(16)) } ?? "error")
        mode = number("script.mode", radix: 8).map { $0 & 0o7777 }
        owner = number("script.uid")
        size = value("script.size").flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        symlinkTarget = value("script.target")
        resolvedKind = value("resolved.kind").map { String($0.prefix(16)) }
        resolvedMode = number("resolved.mode", radix: 8).map { $0 & 0o7777 }
        resolvedOwner = number("resolved.uid")
        content = value("script.content")
        contentError = value("script.content_error").map { String($0.prefix(16)) }
        execError = value("exec.errno").map { String($0.prefix(16)) }
    }
}
