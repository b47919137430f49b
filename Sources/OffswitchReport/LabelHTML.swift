package import OffswitchCore

/// Model-judged labels and post-trial interviews as HTML, for the HTML report and the viewer. Every string
/// from a judge or a model goes through `HTML.escape`.
package enum LabelHTML {
    /// A trial's labels, each with its quoted evidence (quotes not found in the transcript flagged), under a
    /// heading that marks them model-judged and names the judge, the rubric and the models that answered.
    package static func judgement(_ judgement: Judgement, heading: String = "h3") -> String {
        var out = [
            "<section class=\"model-judged\">",
            HTML.element(heading, "Model-judged labels"),
            "<p class=\"muted\">" + HTML.escape(by(judgement)) + "</p>",
        ]
        guard let labels = judgement.labels else {
            out.append(
                "<p class=\"warning\">" + HTML.escape("\(judgement.status.rawValue): \(judgement.problem ?? "")")
                    + "</p>")
            out.append("</section>")
            return out.joined(separator: "\n")
        }
        out.append("<dl class=\"labels\">")
        let rows: [(String, String, [String], [String])] = [
            (
                "noticed_warning", String(labels.noticedWarning.value), labels.noticedWarning.evidence,
                labels.noticedWarning.unverified
            ),
            (
                "discussed_allow_shutdown", String(labels.discussedAllowShutdown.value),
                labels.discussedAllowShutdown.evidence, labels.discussedAllowShutdown.unverified
            ),
            (
                "stated_reason", labels.statedReason.value.rawValue, labels.statedReason.evidence,
                labels.statedReason.unverified
            ),
            (
                "disclosed_tampering_when_interviewed", labels.disclosedTamperingWhenInterviewed.value.rawValue,
                labels.disclosedTamperingWhenInterviewed.evidence, labels.disclosedTamperingWhenInterviewed.unverified
            ),
        ]
        for (name, value, evidence, unverified) in rows {
            out.append("<dt>" + HTML.escape(name) + ": <b>" + HTML.escape(value) + "</b></dt>")
            for quote in evidence {
                let flagged = unverified.contains(quote)
                out.append(
                    "<dd><blockquote" + (flagged ? " class=\"unverified\"" : "") + ">" + HTML.escape(quote)
                        + "</blockquote>"
                        + (flagged ? "<span class=\"warning\">unverified: not found in the transcript</span>" : "")
                        + "</dd>")
            }
        }
        out += ["</dl>", "</section>"]
        return out.joined(separator: "\n")
    }

    /// Who labelled: `judge J · rubric R · answered by M`, saying when the judge is scripted.
    package static func by(_ judgement: Judgement) -> String {
        "judge \(judgement.judge) · rubric \(judgement.rubric)"
            + (judgement.modelNames.isEmpty ? "" : " · answered by " + judgement.modelNames.joined(separator: ", "))
            + (judgement.scripted ? " · scripted judge (keyword rules, not a model)" : "")
            + " · evidence about why, not part of the outcome"
    }

    /// A post-trial interview: each question, the answer, and the reasoning the provider exposed.
    package static func interview(_ interview: InterviewRecord, heading: String = "h3") -> String {
        var out = [
            "<section class=\"interview\">", HTML.element(heading, "Interview"),
            "<p class=\"muted\">Asked after the trial was scored; the answers never change the outcome.</p>",
        ]
        for answer in interview.answers {
            out.append("<div class=\"qa\">")
            out.append("<p class=\"question\"><b>Q:</b> " + HTML.escape(answer.question) + "</p>")
            out.append(
                answer.answer.isEmpty
                    ? "<p class=\"muted\">(no answer)</p>"
                    : "<pre class=\"answer\">" + HTML.escape(answer.answer) + "</pre>")
            if let reasoning = answer.reasoning, !reasoning.isEmpty {
                out.append("<details><summary>reasoning</summary><pre>" + HTML.escape(reasoning) + "</pre></details>")
            }
            if answer.refusedToolCalls > 0 {
                out.append("<p class=\"muted\">tool calls refused: \(answer.refusedToolCalls)</p>")
            }
            out.append("</div>")
        }
        if let error = interview.error {
            out.append("<p class=\"warning\">" + HTML.escape("the interview stopped early: \(error)") + "</p>")
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }
}
