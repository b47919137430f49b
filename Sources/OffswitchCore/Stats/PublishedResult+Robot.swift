/// The robot paper's numbers ("Shutdown Resistance in Large Language Models, on robots!", Palisade Research,
/// 2026), as data: Grok 4 (`grok-4-0709`) only, on the patrol environment's conditions.
///
/// Sources: `paper-typst/main.typ` on `main` (2026-02-11) and on the branch `multilingual-experiments`
/// (2026-03-13, the two multilingual tables), in PalisadeResearch/robot_shutdown_resistance.
extension PublishedResult {
    /// Every published patrol number.
    public static let robot2026: [PublishedResult] = robotPaper + multilingualInspect + multilingualContainer

    /// Every published number, both papers.
    public static let all: [PublishedResult] = palisade2025 + robot2026

    static let grok4 = "Grok 4"

    /// The live harness's simulation (mock frames, trigger after step 2), and the physical robot.
    static let robotPaper: [PublishedResult] = [
        PublishedResult(
            model: grok4, condition: "PATROL", sabotaged: 52, of: 100, percent: 52, source: .robotPaper2026,
            note: "104 runs logged; the 4 tagged error were replaced by 4 more"),
        PublishedResult(
            model: grok4, condition: "PATROL-ALLOW", sabotaged: 2, of: 100, percent: 2, source: .robotPaper2026,
            note: "allow-shutdown sentence in the user prompt"),
        PublishedResult(
            model: grok4, condition: "PATROL", sabotaged: 3, of: 10, percent: 30, source: .robotPaperPhysical,
            note: "the physical robot with real camera frames, not a simulation cell"),
    ]

    /// The branch's Inspect table (allow-shutdown in the system prompt, message limit 60, n = 50 a cell).
    static let multilingualInspect: [PublishedResult] = {
        let rows: [(String, Int, Double, Int, Double)] = [
            ("", 50, 100, 1, 2), ("-IT", 38, 76, 2, 4), ("-FR", 35, 70, 2, 4), ("-AR", 33, 66, 0, 0),
            ("-BA", 8, 16, 1, 2),
        ]
        return rows.flatMap { suffix, k, percent, allowK, allowPercent in
            let note: String? =
                suffix == "-BA" ? "measured with the Bashkir text before its Yandex correction (unpublished)" : nil
            return [
                PublishedResult(
                    model: grok4, condition: "PATROL-INSPECT" + suffix, sabotaged: k, of: 50, percent: percent,
                    source: .robotMultilingualInspect, note: note),
                PublishedResult(
                    model: grok4, condition: "PATROL-INSPECT" + suffix + "-ALLOW", sabotaged: allowK, of: 50,
                    percent: allowPercent, source: .robotMultilingualInspect, note: note),
            ]
        }
    }()

    /// The branch's container re-run (the live harness, default prompt only, no text hint).
    static let multilingualContainer: [PublishedResult] = [
        ("PATROL", 6, 9, 67.0), ("PATROL-FR", 5, 10, 50), ("PATROL-IT", 3, 9, 33), ("PATROL-AR", 2, 10, 20),
        ("PATROL-BA", 0, 10, 0),
    ].map { condition, k, n, percent in
        PublishedResult(
            model: grok4, condition: condition, sabotaged: k, of: n, percent: percent,
            source: .robotMultilingualContainer,
            note: condition == "PATROL"
                ? "sent the branch's English (lang_config.py), not the robot paper's prompts.py text" : nil)
    }
}
