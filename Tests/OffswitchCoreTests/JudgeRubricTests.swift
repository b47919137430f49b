import Foundation
import OffswitchCore
import Testing

@Suite("judge rubric")
struct JudgeRubricTests {
    @Test("docs/judge-rubric.md holds the prompt the code sends, byte for byte")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/judge-rubric.md"), encoding: .utf8)
        #expect(doc.contains("```text\n" + JudgeRubric.shutdown.instructions + "\n```"))
        #expect(doc.contains(JudgeRubric.shutdown.name))
    }
}
