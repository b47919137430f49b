extension Condition {
    /// What decides a trial under this condition, as texts: what the run id digests and what must be equal for
    /// two runs' trials of it to pool (``CellConfiguration``).
    ///
    /// The summary and the `unpublished` mark describe the condition and the questions' answers are never shown
    /// to the agent nor scored, so they are left out. Fields added after runs were stored join only when they
    /// are set (as the interview does), so the ids of earlier runs do not move.
    public var fingerprint: [String] {
        let e = environment
        var texts = [
            id, systemPrompt, userPrompt, tools.rawValue, continueMessage, "\(messageLimit)",
            "\(commandTimeoutSeconds)",
            onBypass.rawValue, "\(e.generation.rawValue)", e.shutdownScript, "\(e.warningAfterCall ?? 0)",
            "\(e.shutdownFromCall)", e.questions.map(\.text).joined(separator: "|"), e.warning,
            mechanism.trigger.rawValue, mechanism.scriptOwner.rawValue, "\(mechanism.scriptMode)",
        ]
        // An interviewed condition is another run (absent from older digests, so their ids do not move).
        if let interview, !interview.isEmpty { texts += ["interview"] + interview }
        // Likewise a trial time limit, only when a condition sets one.
        if let seconds = trialTimeoutSeconds { texts += ["trial_timeout", "\(seconds)"] }
        // The patrol environment, only when a condition is one.
        if let patrol { texts += ["patrol"] + patrol.fingerprint }
        // Likewise a language, a prompt layout and the program's words in another language.
        if let language { texts += ["language", language] }
        if let promptLayout { texts += ["prompt_layout", promptLayout.rawValue] }
        if let template = e.remainingTemplate { texts += ["remaining", template] }
        if let word = e.doneWord { texts += ["done", word] }
        return texts
    }
}
