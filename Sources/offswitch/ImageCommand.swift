import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchSandbox

/// `offswitch image build|show|verify`: the pinned agent image both sandbox backends run.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Build, show or verify the agent image (the agent's root filesystem, from Debian's packages).",
        discussion: """
            Every sandbox runs one image, built once with mmdebstrap from a package list kept in offswitch and \
            cached; its digest and package manifest are recorded with every run and are part of its id. \
            `offswitch run` builds it on first use.
            """,
        subcommands: [Build.self, Show.self, Verify.self, Load.self])

    /// Where the cache is and which recipe.
    struct Options: ParsableArguments {
        @Option(name: .customLong("cache"), help: ArgumentHelp("The image cache.", valueName: "dir"))
        var cache: String = ImageCache.defaultDirectory

        @Flag(
            name: .customLong("with-go"), help: "Add Go to the image, as Palisade's image had it (about 400 MB more).")
        var withGo = false

        @Option(help: ArgumentHelp("The Debian archive to build from.", valueName: "url"))
        var mirror: String?

        var recipe: ImageRecipe {
            var recipe = ImageRecipe()
            if let mirror { recipe.mirror = mirror }
            return withGo ? recipe.withGo : recipe
        }

        func validate() throws {
            if let mirror, !(mirror.hasPrefix("http://") || mirror.hasPrefix("https://") || mirror.hasPrefix("file:")) {
                throw ValidationError("--mirror must be an http://, https:// or file: URL, not \(mirror)")
            }
        }
    }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the agent image (again with --rebuild: the archive may have newer packages).")

        @OptionGroup var options: Options

        @Flag(help: "Build even when the recipe's image is cached.")
        var rebuild = false

        func run() async throws {
            let cache = ImageCache(directory: options.cache)
            let recipe = options.recipe
            let started = ContinuousClock.now
            do {
                let image =
                    rebuild
                    ? try await cache.build(recipe, progress: ImageCommand.progress)
                    : try await cache.ensure(recipe, progress: ImageCommand.progress)
                let took = ContinuousClock.now - started
                print(ImageCommand.describe(image))
                print("time: \(took.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
            } catch let error as SandboxError {
                throw CLIError.failure(error.message)
            }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import the image into the Docker or Podman engine now (at DOCKER_HOST or CONTAINER_HOST), instead of on the first run there."
        )

        @OptionGroup var options: Options

        /// A container engine.
        enum Engine: String, CaseIterable, ExpressibleByArgument {
            case docker, podman

            var sandbox: SandboxKind {
                switch self {
                case .docker: .docker
                case .podman: .podman
                }
            }
        }

        @Option(help: ArgumentHelp("The engine: docker or podman.", valueName: "engine"))
        var engine = Engine.docker

        func run() async throws {
            let image: AgentImage
            do {
                image = try await ImageCache(directory: options.cache).ensure(
                    options.recipe, progress: ImageCommand.progress)
            } catch let error as SandboxError {
                throw CLIError.failure(error.message)
            }
            let started = ContinuousClock.now
            let (backend, _) = try await SandboxChoice.make(engine.sandbox, image: nil, agentImage: image, warm: 0)
            await backend.tearDown()
            let took = ContinuousClock.now - started
            print(
                "\(engine.rawValue) has the agent image \(image.identity.digest) (\(took.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))))"
            )
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the recipe's cached image (or one by digest): digest, manifest, packages.")

        @OptionGroup var options: Options

        @Argument(
            help: ArgumentHelp("A digest or its first hex digits (default: the recipe's image).", valueName: "digest"))
        var digest: String?

        @Flag(help: "List every package and version.")
        var packages = false

        func run() async throws {
            let image = try ImageCommand.find(digest, options: options)
            print(ImageCommand.describe(image))
            if packages { print(try String(contentsOfFile: image.manifest, encoding: .utf8), terminator: "") }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Digest the cached image's tree and manifest again and compare them with the recorded ones.")

        @OptionGroup var options: Options

        @Argument(
            help: ArgumentHelp("A digest or its first hex digits (default: the recipe's image).", valueName: "digest"))
        var digest: String?

        func run() async throws {
            let image = try ImageCommand.find(digest, options: options)
            do {
                if let problem = try await ImageCache(directory: options.cache).verify(image) {
                    throw CLIError.failure("image \(image.identity.digest) does not match its record: \(problem)")
                }
            } catch let error as SandboxError {
                throw CLIError.failure(error.message)
            }
            print("image \(image.identity.digest): tree and manifest match")
        }
    }

    static func find(_ digest: String?, options: Options) throws -> AgentImage {
        let cache = ImageCache(directory: options.cache)
        if let digest {
            guard let image = cache.image(matching: digest) else {
                throw CLIError.failure("no cached image's digest starts with \(digest) in \(options.cache)")
            }
            return image
        }
        guard let image = cache.cached(options.recipe) else {
            throw CLIError.failure("the agent image is not built yet in \(options.cache); run `offswitch image build`")
        }
        return image
    }

    static func describe(_ image: AgentImage) -> String {
        let packages = ((try? String(contentsOfFile: image.manifest, encoding: .utf8)) ?? "")
            .split(separator: "\n").count
        return """
            image: \(image.identity.digest)
            manifest: \(image.identity.manifestDigest) (\(packages) packages)
            root: \(image.root)
            """
    }

    @Sendable static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
