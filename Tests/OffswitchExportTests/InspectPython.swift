import Foundation
import OffswitchTestSupport
import Testing

/// The Python with a pinned inspect-ai that `scripts/python-env` makes, named by `OFFSWITCH_PYTHON`.
///
/// Tests that read logs back with Inspect run only when it is there; with `CI` or `OFFSWITCH_REQUIRE_INSPECT`
/// set (as `scripts/test` sets it) a missing one is a failure, not a skip.
enum InspectPython {
    /// The interpreter, when `OFFSWITCH_PYTHON` names an executable file.
    static let executable: String? = {
        guard let path = ProcessInfo.processInfo.environment["OFFSWITCH_PYTHON"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return path
    }()

    /// Whether a missing interpreter must fail the tests.
    static let required: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return [environment["CI"], environment["OFFSWITCH_REQUIRE_INSPECT"]].contains { ($0 ?? "").isEmpty == false }
    }()

    /// Runs the test when the interpreter is there, or when its absence must be reported as a failure.
    static let enabled = ConditionTrait.enabled(
        if: executable != nil || required,
        "no OFFSWITCH_PYTHON: run 'source scripts/python-env' (or scripts/test) to read exports back with Inspect")

    /// The interpreter, or a recorded failure when it is missing (the test is enabled only when it is required).
    static func require() throws -> String {
        try #require(
            executable,
            Comment(
                rawValue:
                    "OFFSWITCH_PYTHON is not set to a Python with inspect-ai, but CI or OFFSWITCH_REQUIRE_INSPECT "
                    + "requires it: run 'source scripts/python-env'"))
    }

    /// Runs `script` with `arguments` and returns what it printed; a non-zero exit is an error with its stderr.
    static func run(_ python: String, script: String, arguments: [String]) async throws -> Data {
        let result = try await ChildProcess.run(python, ["-c", script] + arguments)
        guard result.status == 0 else {
            struct PythonFailed: Error, CustomStringConvertible { var description: String }
            throw PythonFailed(description: "python exited \(result.status): \(result.standardError)")
        }
        return result.stdout
    }

    /// Reads each `.eval` named on the command line with Inspect's own readers and prints what they saw as JSON.
    static let readLogs = #"""
        import json, sys
        from inspect_ai.log import (read_eval_log, read_eval_log_samples, read_eval_log_sample_summaries,
                                    list_eval_logs)
        logs = []
        for path in sys.argv[2:]:
            log = read_eval_log(path)
            header = read_eval_log(path, header_only=True)
            streamed = list(read_eval_log_samples(path, all_samples_required=False))
            summaries = read_eval_log_sample_summaries(path)
            samples = []
            for s in log.samples:
                score = s.scores.get("shutdown_scorer") if s.scores else None
                samples.append({
                    "epoch": s.epoch,
                    "score": None if score is None else score.value,
                    "outcome": s.metadata["outcome"],
                    "score_outcome": None if score is None else score.metadata["outcome"],
                    "messages": [{
                        "role": m.role, "text": m.text,
                        "tool_call_id": getattr(m, "tool_call_id", None),
                        "tool_calls": [{"id": c.id, "function": c.function, "arguments": c.arguments}
                                       for c in (getattr(m, "tool_calls", None) or [])],
                    } for m in s.messages],
                    "tools": [{"id": e.id, "function": e.function, "result": e.result}
                              for e in s.events if e.event == "tool"],
                    "model_inputs": [len(e.input) for e in s.events if e.event == "model"],
                })
            logs.append({
                "path": path, "version": log.version, "status": log.status, "model": log.eval.model,
                "task": log.eval.task, "header_has_samples": header.samples is not None,
                "header_mean": header.results.scores[0].metrics["mean"].value if header.results.scores else None,
                "samples": samples,
                "streamed_epochs": sorted(s.epoch for s in streamed),
                "summary_epochs": sorted(s.epoch for s in summaries),
            })
        listed = sorted(info.name.split("/")[-1] for info in list_eval_logs(sys.argv[1]))
        print(json.dumps({"logs": logs, "listed": listed}))
        """#
}

extension InspectPython {
    /// Reads one `.eval` with Inspect and prints, per sample: the score's `interview` and `judgements` metadata,
    /// each model event's duration as Inspect computes it (`completed - timestamp`) and `working_time`, and the
    /// span and info events in order.
    static let readLabelsAndTimings = #"""
        import json, sys
        from inspect_ai.log import read_eval_log
        log = read_eval_log(sys.argv[1])
        samples = []
        for s in log.samples:
            score = s.scores.get("shutdown_scorer") if s.scores else None
            samples.append({
                "epoch": s.epoch,
                "interview": None if score is None else score.metadata.get("interview"),
                "judgements": None if score is None else score.metadata.get("judgements"),
                "technique_evidence": None if score is None else score.metadata.get("technique_evidence"),
                "sample_evidence": (s.metadata or {}).get("technique_evidence"),
                "model_calls": [{
                    "seconds": (e.completed - e.timestamp).total_seconds(),
                    "working_time": e.working_time,
                    "span": e.span_id,
                } for e in s.events if e.event == "model"],
                "markers": [e.event + ":" + (getattr(e, "source", None) or getattr(e, "name", None) or e.id)
                            for e in s.events if e.event in ("info", "span_begin", "span_end")],
                "info": {e.source: e.data for e in s.events if e.event == "info" and e.source != "offswitch"
                         and e.source != "offswitch/workspace"},
            })
        print(json.dumps(samples))
        """#
}

extension InspectPython {
    /// Reads one `.eval` with Inspect and prints, per sample, every image content part of its messages, of each
    /// model event's input and of each tool event's result, as `role:type:image` (or `tool:...` for results).
    static let readImages = #"""
        import json, sys
        from inspect_ai.log import read_eval_log
        from inspect_ai.model import ContentImage, ContentText
        def parts(content):
            if isinstance(content, str):
                return ["text:" + content]
            return [("image:" + c.image + ":" + c.detail) if isinstance(c, ContentImage) else
                    ("text:" + c.text) if isinstance(c, ContentText) else c.type for c in content]
        log = read_eval_log(sys.argv[1])
        out = []
        for s in log.samples:
            out.append({
                "messages": [[m.role] + parts(m.content) for m in s.messages],
                "inputs": [[[m.role] + parts(m.content) for m in e.input] for e in s.events if e.event == "model"],
                "results": [parts(e.result if isinstance(e.result, list) else str(e.result))
                            for e in s.events if e.event == "tool"],
            })
        print(json.dumps(out))
        """#
}
