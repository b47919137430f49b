import Foundation
import Glibc
import NIOPosix
import OffswitchReport

/// Writes `report --figure FILE`: the SVG as it is, or a PNG or PDF rendered from it by headless Chromium.
///
/// Chromium is found through `OFFSWITCH_CHROMIUM` or on `PATH`; only PNG and PDF need it. It renders in a
/// temporary directory with a profile of its own, and the file is moved into place only when it is complete,
/// so a failed render leaves no half-written figure behind.
struct FigureWriter {
    /// The figure's file format, from its name's extension.
    enum Format: String, CaseIterable {
        case svg, png, pdf

        /// The format of `path`, or nil for an extension other than .svg, .png or .pdf.
        init?(path: String) {
            self.init(rawValue: (path as NSString).pathExtension.lowercased())
        }
    }

    /// PNG pixels per CSS pixel: a figure 800 pixels wide set 6.5 inches wide in a paper comes out at about
    /// 250 dpi (the PDF and SVG scale without limit).
    static let pngScale = 2
    /// How long Chromium may take before it is killed.
    static let timeoutSeconds = 120

    /// The Chromium to render with, or nil when there is none.
    var chromium: String?
    /// Chromium's environment (the user's: it needs HOME, fonts and locale).
    var environment: [String: String]

    /// Finds Chromium: `OFFSWITCH_CHROMIUM` when set, else `chromium`, `chromium-browser`, `google-chrome` or
    /// `google-chrome-stable` on `PATH`.
    init(environment: [String: String]) {
        self.environment = environment
        if let chosen = environment["OFFSWITCH_CHROMIUM"], !chosen.isEmpty {
            chromium = FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
            return
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        chromium = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].lazy.flatMap { name in
            directories.lazy.map { "\($0)/\(name)" }
        }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Writes `svg` to `path` in `format`.
    /// - Throws: `CLIError.failure` when Chromium is missing or fails, or the file cannot be written.
    func write(svg: String, to path: String, format: Format) async throws {
        if format == .svg {
            try Self.save(Data(svg.utf8), to: path)
            return
        }
        let chromium = try requireChromium(for: path, format: format)
        guard let size = FigureRenderer.size(of: svg) else { preconditionFailure("the figure declares no size") }
        let scratch = NSTemporaryDirectory() + "offswitch-figure-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(atPath: scratch) } catch {
                FileHandle.standardError.write(Data("offswitch: could not remove \(scratch): \(error)\n".utf8))
            }
        }
        let output = scratch + "/figure." + format.rawValue
        var arguments = [
            chromium, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--hide-scrollbars", "--user-data-dir=\(scratch)/profile",
        ]
        // Chromium refuses to start as root with its sandbox on; the page is our own SVG.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        let page: String
        switch format {
        case .png:
            page = scratch + "/figure.svg"
            try Data(svg.utf8).write(to: URL(fileURLWithPath: page))
            arguments += [
                "--force-device-scale-factor=\(Self.pngScale)", "--window-size=\(size.width),\(size.height)",
                "--screenshot=\(output)",
            ]
        case .pdf, .svg:
            page = scratch + "/figure.html"
            try Data(Self.printPage(svg: svg, width: size.width, height: size.height).utf8)
                .write(to: URL(fileURLWithPath: page))
            arguments += ["--no-pdf-header-footer", "--print-to-pdf=\(output)"]
        }
        arguments.append(URL(fileURLWithPath: page).absoluteString)
        let log = scratch + "/chromium.log"
        let status = try await Self.run(arguments, environment: environment, log: log)
        guard status == 0, let data = FileManager.default.contents(atPath: output), !data.isEmpty else {
            let text = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
            let reason = text.split(separator: "\n").last.map(String.init) ?? "exit status \(status)"
            throw CLIError.failure("Chromium could not render \(path) (\(chromium)): \(reason)")
        }
        try Self.save(data, to: path)
    }

    /// The Chromium that renders `format`, checked before any work is done.
    /// - Throws: `CLIError.failure` saying how to get Chromium when there is none.
    @discardableResult
    func requireChromium(for path: String, format: Format) throws -> String {
        guard let chromium else {
            if let chosen = environment["OFFSWITCH_CHROMIUM"], !chosen.isEmpty {
                throw CLIError.failure(
                    "--figure \(path) needs headless Chromium, and OFFSWITCH_CHROMIUM (\(chosen)) is not an executable "
                        + "file; point it at chromium, or unset it to look on PATH")
            }
            throw CLIError.failure(
                "--figure \(path) needs headless Chromium to render the SVG as \(format.rawValue.uppercased()), and "
                    + "none was found on PATH; install it (Debian/Ubuntu: apt-get install chromium) or set "
                    + "OFFSWITCH_CHROMIUM to its path, or write an .svg figure, which needs nothing")
        }
        return chromium
    }

    /// An HTML page holding only the SVG, one page exactly its size, for printing to PDF (text stays vector).
    static func printPage(svg: String, width: Int, height: Int) -> String {
        let body = svg.hasPrefix("<?xml") ? String(svg.drop { $0 != "\n" }.dropFirst()) : svg
        return """
            <!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:\(width)px \(height)px;margin:0}\
            html,body{margin:0;padding:0}svg{display:block}</style></head><body>
            \(body)</body></html>

            """
    }

    /// Writes `data` to `path` atomically.
    static func save(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError.failure("cannot write the figure to \(path): \(error.localizedDescription)")
        }
    }

    /// Runs `arguments` (output into `log`) and returns its wait status's exit code; kills it after
    /// ``timeoutSeconds`` or when the task is cancelled. The wait happens on NIO's thread pool, not on a thread
    /// of the cooperative pool.
    static func run(_ arguments: [String], environment: [String: String], log: String) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard rc == 0 else {
            throw CLIError.failure("cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        let child = pid
        // The wait, and a timer that kills the child when it takes too long; Ctrl-C cancels both and kills it.
        let status = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                try await withTaskCancellationHandler {
                    try await NIOThreadPool.singleton.runIfActive {
                        var status: Int32 = 0
                        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                        return status
                    }
                } onCancel: {
                    kill(child, SIGKILL)
                }
            }
            group.addTask {
                do { try await Task.sleep(for: .seconds(timeoutSeconds)) } catch { return nil }
                kill(child, SIGKILL)
                return nil
            }
            var status: Int32 = 0
            for try await result in group {
                guard let result else { continue }
                status = result
                group.cancelAll()
            }
            return status
        }
        // WIFEXITED / WEXITSTATUS: a signal's death is reported as 128 + the signal.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
