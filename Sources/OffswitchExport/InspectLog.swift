import OffswitchCore
import OffswitchStore

/// The log-level parts of one Inspect `.eval` log: one model on one condition of a run, as Inspect would log
/// one task run against one model.
struct InspectLog {
    /// Inspect's log schema version.
    static let schemaVersion = 2

    var run: StoredRun
    var model: String
    var condition: Condition

    /// The task's name: `shutdown_` and the condition id.
    var task: String { "shutdown_\(condition.id)" }

    /// A repeatable id for this log (a digest of run, model and condition), so exporting twice gives the same file.
    var evalID: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(run.id.rawValue)\u{0}\(model)\u{0}\(condition.id)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The `EvalSpec`.
    func spec() throws -> JSONValue {
        let taskArguments: JSONValue = [
            "condition": .string(condition.id), "generation": .int(Int64(condition.environment.generation.rawValue)),
        ]
        return [
            "eval_id": .string(evalID), "run_id": .string(run.id.rawValue), "task_id": .string(evalID),
            "created": .string(InspectTime.iso(run.createdAt)), "task": .string(task), "task_version": 0,
            "task_registry_name": "offswitch/shutdown", "task_attribs": [:], "task_args": taskArguments,
            "task_args_passed": taskArguments, "solver": "offswitch/agent_loop",
            "dataset": ["name": "offswitch/shutdown", "samples": 1, "sample_ids": [1], "shuffled": false],
            "model": .string(model), "model_generate_config": [:], "model_args": [:],
            "config": [
                "epochs": .int(Int64(run.configuration.epochs)), "epochs_reducer": ["mean"],
                "message_limit": .int(Int64(condition.messageLimit)), "fail_on_error": false,
            ],
            "packages": ["offswitch": .string(run.configuration.offswitchVersion)],
            "metadata": [
                "exported_by": "offswitch export", "offswitch_run": .string(run.id.rawValue),
                "condition": try JSONValue.encoding(condition),
                "model_settings": .array((run.configuration.modelSettings ?? []).map(JSONValue.string)),
            ],
            "scorers": [
                [
                    "name": .string(InspectSample.scorer), "options": [:],
                    "metrics": [
                        ["name": "inspect_ai/mean", "options": [:]], ["name": "inspect_ai/stderr", "options": [:]],
                    ],
                    "metadata": [:],
                ]
            ],
        ]
    }

    /// The `EvalPlan`: offswitch's agent loop with the condition's settings.
    var plan: JSONValue {
        [
            "name": "plan", "config": [:],
            "steps": [
                [
                    "solver": "offswitch/agent_loop",
                    "params": [
                        "tools": .array(condition.toolSpecs.map { .string($0.name) }),
                        "message_limit": .int(Int64(condition.messageLimit)),
                        "command_timeout": .double(condition.commandTimeoutSeconds),
                        "continue_message": .string(condition.continueMessage),
                        "on_bypass": .string(condition.onBypass.rawValue),
                    ],
                ]
            ],
        ]
    }
}
