/// The published numbers of SPEC.md §6, as data.
extension PublishedResult {
    /// Every published number: the paper's table, the authors' data sheet where it differs, and May 2025.
    public static let palisade2025: [PublishedResult] = paperTable + dataSheet + may2025

    /// The paper's table (Gen-2, about 1000 trials a cell; N is taken as 1000), as (model, [(condition, %,
    /// low, high)]). GPT-5 under E is 0.0 in Table 2 with no interval given here, and 1.4 in the data sheet.
    static let paperTable: [PublishedResult] = {
        let table: [(String, [(String, Double, Double, Double)])] = [
            (
                "o3",
                [
                    ("A", 94.5, 93.0, 95.8),
                    ("B", 1.7, 1.0, 2.6),
                    ("C", 22.5, 20.0, 25.2),
                    ("D", 1.0, 0.5, 1.8),
                    ("E", 15.9, 13.7, 18.3),
                    ("H", 0.1, 0.0, 0.5),
                    ("J", 30.0, 27.2, 32.9),
                    ("K", 97.5, 96.4, 98.3),
                ]
            ),
            (
                "Grok 4",
                [
                    ("A", 92.6, 90.9, 94.1),
                    ("B", 72.2, 69.4, 74.9),
                    ("C", 97.3, 96.2, 98.2),
                    ("D", 67.4, 64.4, 70.3),
                    ("E", 89.2, 87.2, 91.0),
                    ("H", 2.2, 1.4, 3.3),
                    ("J", 98.9, 98.1, 99.4),
                    ("K", 99.2, 98.5, 99.6),
                ]
            ),
            (
                "GPT-5",
                [
                    ("A", 88.0, 85.9, 89.9),
                    ("B", 0.0, 0.0, 0.3),
                    ("C", 1.7, 1.0, 2.6),
                    ("D", 0.0, 0.0, 0.3),
                    ("H", 0.0, 0.0, 0.3),
                    ("J", 2.7, 1.8, 3.8),
                    ("K", 99.5, 98.9, 99.8),
                ]
            ),
            (
                "codex-mini",
                [
                    ("A", 51.8, 48.7, 54.9),
                    ("B", 18.5, 16.2, 21.0),
                    ("C", 46.3, 43.2, 49.4),
                    ("D", 14.7, 12.6, 17.0),
                    ("E", 43.2, 40.1, 46.3),
                    ("H", 11.8, 9.9, 13.9),
                    ("J", 55.4, 52.3, 58.5),
                    ("K", 85.2, 82.9, 87.3),
                ]
            ),
            (
                "o4-mini",
                [
                    ("A", 5.8, 4.5, 7.4),
                    ("B", 5.5, 4.2, 7.0),
                    ("C", 20.2, 17.8, 22.8),
                    ("D", 7.1, 5.6, 8.8),
                    ("E", 23.4, 20.9, 26.1),
                    ("H", 0.9, 0.4, 1.6),
                    ("J", 37.7, 34.7, 40.8),
                    ("K", 58.3, 55.2, 61.4),
                ]
            ),
            (
                "Gemini 2.5 Pro",
                [
                    ("A", 4.5, 3.3, 5.9),
                    ("B", 0.2, 0.0, 0.6),
                    ("C", 0.6, 0.3, 1.2),
                    ("D", 0.1, 0.0, 0.5),
                    ("E", 0.6, 0.3, 1.2),
                    ("H", 0.1, 0.0, 0.5),
                    ("K", 91.2, 89.3, 92.9),
                ]
            ),
            (
                "GPT-4o",
                [
                    ("A", 2.4, 1.6, 3.5),
                    ("E", 0.0, 0.0, 0.2),
                    ("K", 76.0, 73.3, 78.6),
                ]
            ),
            (
                "gpt-oss-120b",
                [
                    ("A", 0.0, 0.0, 0.3),
                    ("B", 0.5, 0.2, 1.1),
                    ("C", 0.2, 0.0, 0.6),
                    ("D", 0.0, 0.0, 0.3),
                    ("E", 0.1, 0.0, 0.5),
                    ("H", 0.6, 0.3, 1.2),
                    ("K", 96.3, 95.0, 97.3),
                ]
            ),
            (
                "Claude 3.7 Sonnet",
                [
                    ("A", 0.1, 0.0, 0.4),
                    ("E", 0.0, 0.0, 0.2),
                    ("K", 98.7, 97.9, 99.3),
                ]
            ),
            (
                "Claude Sonnet 4",
                [
                    ("A", 0.0, 0.0, 0.2),
                    ("E", 0.0, 0.0, 0.2),
                    ("K", 100, 99.8, 100),
                ]
            ),
            (
                "Claude Opus 4",
                [
                    ("A", 0.0, 0.0, 0.2),
                    ("E", 0.0, 0.0, 0.2),
                    ("K", 99.0, 98.2, 99.5),
                ]
            ),
            (
                "Claude Opus 4.1",
                [
                    ("A", 0.0, 0.0, 0.2),
                    ("E", 0.0, 0.0, 0.2),
                    ("K", 99.6, 99.1, 99.9),
                ]
            ),
            (
                "Grok 3",
                [
                    ("A", 0.0, 0.0, 0.2),
                    ("E", 0.0, 0.0, 0.2),
                    ("K", 95.7, 94.3, 96.8),
                ]
            ),
        ]
        var results = table.flatMap { model, cells in
            cells.map { condition, percent, low, high in
                PublishedResult(
                    model: model, condition: condition, generation: .two, percent: percent, lowerPercent: low,
                    upperPercent: high, trials: 1000, source: .paperTable)
            }
        }
        results.append(
            PublishedResult(
                model: "GPT-5", condition: "E", generation: .two, percent: 0.0, trials: 1000, source: .paperTable))
        return results
    }()

    /// The authors' data sheet where it differs from Table 2: GPT-5 under E.
    static let dataSheet: [PublishedResult] = [
        PublishedResult(
            model: "GPT-5", condition: "E", generation: .two, percent: 1.4, lowerPercent: 0.8, upperPercent: 2.3,
            trials: 1000, source: .authorsDataSheet)
    ]

    /// May 2025, Gen-1, N = 100: with ALLOW in the user prompt (condition B) and without it (condition A).
    static let may2025: [PublishedResult] = {
        let thread: [(String, String, Double)] = [
            ("codex-mini", "B", 12), ("o3", "B", 7), ("o4-mini", "B", 1), ("Claude 3.7 Sonnet", "B", 0),
            ("Gemini 2.5 Pro", "B", 0), ("o3", "A", 79), ("Claude 3.7 Sonnet", "A", 3), ("Gemini 2.5 Pro", "A", 9),
        ]
        let news: [(String, String, Double)] = [("codex-mini", "A", 20), ("o4-mini", "A", 6)]
        return thread.map { model, condition, percent in
            PublishedResult(
                model: model, condition: condition, generation: .one, percent: percent, trials: 100,
                source: .may2025Thread)
        }
            + news.map { model, condition, percent in
                PublishedResult(
                    model: model, condition: condition, generation: .one, percent: percent, trials: 100,
                    source: .may2025NewsReport)
            }
    }()
}
