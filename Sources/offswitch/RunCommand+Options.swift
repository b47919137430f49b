/// The shared option groups of `run`, under the names its body reads.
extension RunCommand {
    var resultsDirectory: String { storeOptions.resultsDirectory }
    var sandbox: SandboxKind { sandboxOptions.sandbox }
    var dockerImage: String? { sandboxOptions.dockerImage }
}
