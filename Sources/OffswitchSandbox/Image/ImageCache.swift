import Foundation
import Glibc
import OffswitchCore

/// Agent images built from ``ImageRecipe``s, kept on this host: built once, reused by every run.
///
/// Layout: `<directory>/<digest hex>/{root/, image.tar, manifest.txt, recipe.txt, identity.txt}`, and
/// `<directory>/recipes/<recipe key>` holding the digest the recipe last built. A build goes to a directory of
/// its own and is renamed into place, so two harnesses building at once both end with one whole image.
public struct ImageCache: Sendable {
    /// The cache's directory.
    public var directory: String

    /// A cache in `directory` (by default `/var/cache/offswitch/images`).
    public init(directory: String = ImageCache.defaultDirectory) {
        self.directory = directory
    }

    public static let defaultDirectory = "/var/cache/offswitch/images"

    /// The image `recipe` built last, when it is in the cache.
    public func cached(_ recipe: ImageRecipe) -> AgentImage? {
        guard let text = try? String(contentsOfFile: recipeFile(recipe), encoding: .utf8) else { return nil }
        return image(digestHex: text.trimmingSpaces())
    }

    /// The cached image whose digest starts with `prefix` (hex, with or without `sha256:`), or nil.
    public func image(matching prefix: String) -> AgentImage? {
        let hex = prefix.hasPrefix("sha256:") ? String(prefix.dropFirst(7)) : prefix
        guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit) else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let matches = names.filter { $0.count == 64 && $0.hasPrefix(hex.lowercased()) }
        return matches.count == 1 ? image(digestHex: matches[0]) : nil
    }

    /// The image in `<directory>/<hex>`, when its identity file is there and whole.
    func image(digestHex hex: String) -> AgentImage? {
        let path = directory + "/" + hex
        guard let text = try? String(contentsOfFile: path + "/identity.txt", encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let digest = fields["image"], let manifest = fields["manifest"], digest == "sha256:" + hex else {
            return nil
        }
        return AgentImage(identity: ImageIdentity(digest: digest, manifestDigest: manifest), directory: path)
    }

    /// The cached image of `recipe`, or one built now.
    ///
    /// - Parameters:
    ///   - recipe: What to build.
    ///   - progress: Called with one line per build step (only when it builds).
    /// - Returns: The image.
    /// - Throws: `SandboxError.unavailable` when the build fails (no mmdebstrap, archive unreachable, ...).
    public func ensure(_ recipe: ImageRecipe, progress: @Sendable (String) -> Void = { _ in }) async throws
        -> AgentImage
    {
        if let image = cached(recipe) { return image }
        return try await build(recipe, progress: progress)
    }

    /// Builds `recipe` afresh (even when it is cached) and makes it the recipe's image.
    ///
    /// - Parameters:
    ///   - recipe: What to build.
    ///   - progress: Called with one line per build step.
    /// - Returns: The image; the same one as before when the archive has not changed.
    /// - Throws: `SandboxError.unavailable` when a step fails, with its output's end.
    public func build(_ recipe: ImageRecipe, progress: @Sendable (String) -> Void = { _ in }) async throws
        -> AgentImage
    {
        guard access("/usr/bin/mmdebstrap", X_OK) == 0 else {
            throw SandboxError(
                .unavailable,
                "building the agent image needs mmdebstrap; install it with `apt-get install mmdebstrap` (scripts/bootstrap does)"
            )
        }
        let work = directory + "/build-\(getpid())-" + NamespaceSandbox.randomHex(4)
        let fm = FileManager.default
        do {
            try NamespaceSandbox.makeDirectories(work)
        } catch {
            throw SandboxError(.unavailable, "cannot create \(work): \(error)", underlying: error)
        }
        defer { _ = HostJanitor.removeTree(work) }
        let shell = EngineClient(
            executable: "/bin/bash",
            environment: [
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C.UTF-8", "SOURCE_DATE_EPOCH=\(recipe.epoch)",
                "HOME=/root", "TMPDIR=" + work,
            ])
        func step(_ title: String, _ script: String, _ arguments: [String] = []) async throws -> String {
            progress(title)
            let output = try await shell.run(["-c", "set -euo pipefail\n" + script, "bash", work] + arguments)
            guard output.exitCode == 0 else {
                let tail = output.errorText.split(separator: "\n").suffix(8).joined(separator: "\n")
                throw SandboxError(.unavailable, "building the agent image failed (\(title)): \(tail)")
            }
            return output.text
        }
        let started = ContinuousClock.now
        _ = try await step(
            "agent image: installing \(recipe.packages.count) packages and their dependencies from \(recipe.mirror) (\(recipe.suite)) with mmdebstrap",
            ImageScripts.bootstrap,
            [recipe.suite, recipe.mirror, recipe.variant, recipe.packages.joined(separator: ",")])
        _ = try await step(
            "agent image: removing what varies between builds, adding the agent's accounts", ImageScripts.normalise,
            [recipe.accountsText.joined(separator: " "), String(recipe.epoch)])
        let manifest = try await step("agent image: writing the package manifest", ImageScripts.manifest)
        let digests = try await step(
            "agent image: digesting the normalised tar", ImageScripts.archive, [String(recipe.epoch)])
        let parts = digests.split(separator: " ").map(String.init)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 64 }) else {
            throw SandboxError(.unavailable, "building the agent image failed: unexpected digests \(digests)")
        }
        let identity = ImageIdentity(digest: "sha256:" + parts[0], manifestDigest: "sha256:" + parts[1])
        do {
            try recipe.text.write(toFile: work + "/recipe.txt", atomically: false, encoding: .utf8)
            try (identity.recorded.joined(separator: "\n") + "\n")
                .write(toFile: work + "/identity.txt", atomically: false, encoding: .utf8)
            let final = directory + "/" + parts[0]
            if rename(work, final) != 0 {
                // Another build of the same tree got there first (ENOTEMPTY/EEXIST): keep that one.
                guard errno == ENOTEMPTY || errno == EEXIST, image(digestHex: parts[0]) != nil else {
                    throw SandboxError(
                        .unavailable, "cannot move the agent image to \(final): \(String(cString: strerror(errno)))")
                }
            }
            try NamespaceSandbox.makeDirectories(directory + "/recipes")
            let pointer = recipeFile(recipe)
            try (parts[0] + "\n").write(toFile: pointer + ".new\(getpid())", atomically: false, encoding: .utf8)
            guard rename(pointer + ".new\(getpid())", pointer) == 0 else {
                throw SandboxError(.unavailable, "cannot record the image of the recipe in \(pointer)")
            }
            if fm.fileExists(atPath: work) { _ = HostJanitor.removeTree(work) }
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(
                .unavailable, "cannot store the agent image in \(directory): \(error)", underlying: error)
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        progress(
            "agent image \(identity.digest) built in \(Int(seconds)) s (\(manifest.split(separator: "\n").count) packages)"
        )
        return image(digestHex: parts[0]) ?? AgentImage(identity: identity, directory: directory + "/" + parts[0])
    }

    /// Digests `image`'s tree and manifest again and compares them with its recorded identity.
    ///
    /// - Returns: Nil when both match, or what differs.
    /// - Throws: `SandboxError.unavailable` when the tree cannot be read.
    public func verify(_ image: AgentImage) async throws -> String? {
        let shell = EngineClient(
            executable: "/bin/bash", environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C.UTF-8"])
        let epoch =
            (try? String(contentsOfFile: image.recipe, encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("epoch=") }.map { String($0.dropFirst(6)) } ?? ""
        guard Int(epoch) != nil else { return "\(image.recipe) names no epoch" }
        let output = try await shell.run([
            "-c", "set -euo pipefail\n" + ImageScripts.redigest, "bash", image.directory, epoch,
        ])
        guard output.exitCode == 0 else {
            throw SandboxError(.unavailable, "cannot digest \(image.root): \(output.errorText)")
        }
        let parts = output.text.split(separator: " ").map { "sha256:" + $0 }
        guard parts.count == 2 else { return "unexpected digests \(output.text)" }
        var problems: [String] = []
        if parts[0] != image.identity.digest {
            problems.append("the tree digests to \(parts[0]), recorded \(image.identity.digest)")
        }
        if parts[1] != image.identity.manifestDigest {
            problems.append("the manifest digests to \(parts[1]), recorded \(image.identity.manifestDigest)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    func recipeFile(_ recipe: ImageRecipe) -> String { directory + "/recipes/" + recipe.key }
}
